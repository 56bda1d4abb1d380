"""Disclosure requests (依申请公开): the case, the applicant's personal data kept apart, the
append-only event history, reminders and reconsideration/litigation records."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_noop

from gongkai.applications.intake import Channel
from gongkai.applications.machine import State
from gongkai.applications.outcomes import ApplicantType, Outcome, ReliefKind, ReliefOutcome
from gongkai.org.models import Unit, User


class ProvisionForm(models.TextChoices):
    PAPER = "paper", gettext_noop("纸质")
    EMAIL = "email", gettext_noop("电子邮件")
    DATA = "data", gettext_noop("电子数据（光盘/U盘等）")
    INSPECT = "inspect", gettext_noop("当场阅览、抄录")


class DeliveryWay(models.TextChoices):
    POST = "post", gettext_noop("邮寄")
    EMAIL = "email", gettext_noop("电子邮件")
    COLLECT = "collect", gettext_noop("当面领取")
    ONLINE = "online", gettext_noop("网上获取")


class Application(models.Model):
    """One disclosure request. Personal data of the applicant lives in ``Applicant``."""

    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    external_ref = models.CharField("原申请编号", max_length=60, blank=True, db_index=True)
    unit = models.ForeignKey(
        Unit, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    assigned_unit = models.ForeignKey(
        Unit,
        verbose_name="承办机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
    )
    assignee = models.ForeignKey(
        User,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
    )
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    information = models.TextField("所需信息（名称、文号或描述）")
    provision_form = models.CharField(
        "获取信息的方式", max_length=10, choices=ProvisionForm.choices, default=ProvisionForm.PAPER
    )
    delivery_way = models.CharField(
        "获取信息的途径", max_length=10, choices=DeliveryWay.choices, default=DeliveryWay.POST
    )
    channel = models.CharField("收件渠道", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请之日", db_index=True)
    receipt_rule = models.CharField("收到日期依据", max_length=200, blank=True)
    entered_at = models.DateTimeField("录入时间")
    late_entry = models.BooleanField("逾期录入（超过2个工作日）", default=False)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.RECEIVED)
    outcome = models.CharField(
        "办理结果", max_length=30, choices=Outcome.choices, blank=True, db_index=True
    )
    # The clock, derived from the event history (clock.py) and stored for lists and reminders.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限为临时结果", default=False)
    clock_paused = models.BooleanField("暂停计时中", default=False)
    due_soon = models.BooleanField("即将到期", default=False)
    overdue = models.BooleanField("已超期", default=False)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    # Draft reply (set by draft_reply; frozen by send_reply).
    reply_text = models.TextField("答复正文", blank=True)
    withheld = models.JSONField("不予公开部分及理由", default=list, blank=True)
    # Conversion to proactive disclosure (条例 Art. 44).
    convert_suggested = models.BooleanField("建议转为主动公开", default=False)
    convert_decided = models.CharField("转主动公开处理", max_length=20, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    imported = models.BooleanField("历史导入", default=False)
    import_key = models.CharField("导入识别码", max_length=64, blank=True, db_index=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="closed") | ~models.Q(outcome=""),
                name="applications_closed_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def audit_key(self) -> tuple[str, str]:
        return ("application", self.tracking_code)


class IdType(models.TextChoices):
    ID_CARD = "id_card", gettext_noop("居民身份证")
    PASSPORT = "passport", gettext_noop("护照")
    HK_MO_TW = "permit", gettext_noop("港澳台居民通行证/居住证")
    CREDIT_CODE = "credit_code", gettext_noop("统一社会信用代码")
    OTHER = "other", gettext_noop("其他证件")


class Applicant(models.Model):
    """The applicant's personal data. Read only through selectors.applicant_for(user, app)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="applicant"
    )
    name = models.CharField("姓名/名称", max_length=120)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)

    class Meta:
        verbose_name = "申请人信息"
        verbose_name_plural = "申请人信息"

    def __str__(self) -> str:
        return f"申请人（{self.application.tracking_code}）"

    def audit_key(self) -> tuple[str, str]:
        return ("application", self.application.tracking_code)

    @property
    def identity_key(self) -> str:
        """What identifies the same applicant across cases (duplicates, monthly count)."""
        if self.id_number:
            return f"id:{self.id_type}:{self.id_number.strip().upper()}"
        return f"name:{self.name.strip()}|{self.phone.strip()}"


class ApplicationEvent(models.Model):
    """Append-only history: every step, who, when, and the dates it sets."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("操作", max_length=40)
    label = models.CharField("说明", max_length=200)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField("操作人", max_length=120)
    at = models.DateTimeField("操作时间")
    on = models.DateField("事项日期")  # the statutory date the step takes effect
    state_before = models.CharField("原状态", max_length=20, choices=State.choices, blank=True)
    state_after = models.CharField("新状态", max_length=20, choices=State.choices, blank=True)
    data = models.JSONField(default=dict, blank=True)
    letter = models.CharField("文书", max_length=30, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["application", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["application", "seq"], name="applications_event_seq")
        ]

    def __str__(self) -> str:
        return f"{self.application.tracking_code} #{self.seq} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("办理记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def audit_key(self) -> tuple[str, str]:
        return ("application", self.application.tracking_code)


class Notification(models.Model):
    """A reminder sent to a member of staff; unique per case, kind, person and due date."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类型", max_length=20)  # due_soon | overdue
    due_on = models.DateField("答复期限")
    message = models.CharField("内容", max_length=300)
    created_at = models.DateTimeField("发送时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "recipient", "kind", "due_on"],
                name="applications_notification_once",
            )
        ]

    def __str__(self) -> str:
        return self.message

    def audit_key(self) -> tuple[str, str]:
        return ("application", self.application.tracking_code)


class ReliefCase(models.Model):
    """A reconsideration (行政复议) or litigation (行政诉讼) about the agency's reply."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="relief_cases"
    )
    kind = models.CharField("类型", max_length=20, choices=ReliefKind.choices)
    filed_on = models.DateField("受理/立案日期")
    body = models.CharField("复议机关/法院", max_length=120, blank=True)
    outcome = models.CharField(
        "结果", max_length=20, choices=ReliefOutcome.choices, default=ReliefOutcome.PENDING
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    # Optimistic concurrency for updates (followup.relief_record with relief_id).
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_outcome_display()}）"

    def audit_key(self) -> tuple[str, str]:
        return ("application", self.application.tracking_code)


class FileKind(models.TextChoices):
    IDENTITY_PROOF = "identity_proof", "身份证明"
    ORIGINAL = "original", "原件（不公开）"
    RELEASED = "released", "提供给申请人的文件（已作区分处理）"


class CaseFile(models.Model):
    """A file of the case. Stored under MEDIA_ROOT, which is never served: every download goes
    through a view that checks who asks. Only RELEASED files ever reach the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("类型", max_length=20, choices=FileKind.choices)
    file = models.FileField(upload_to="applications/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("说明", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "申请文件"
        verbose_name_plural = "申请文件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("application", self.application.tracking_code)


class LetterTemplate(models.Model):
    """An edited letter template (``$name`` placeholders; letters.LETTER_VARIABLES). Without
    one, or with an empty body (restored to the default), the default text shipped in
    templates/applications/letters/<kind>.txt is used."""

    kind = models.CharField("文书", max_length=30, unique=True)
    body = models.TextField("模板正文")
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        return self.kind

    def audit_key(self) -> tuple[str, str]:
        return ("letter_template", self.kind)
