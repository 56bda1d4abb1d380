"""政民互动: channels, messages, their handling history and reminders.

A message's personal data (name, phone, e-mail) is read only through ``selectors``; public pages
read only the ``published_*`` fields, which a moderator confirmed (留言选登, 先审后发).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.interaction.channels import ChannelKind
from gongkai.interaction.machine import Publication, Satisfaction, State


class Channel(models.Model):
    slug = models.SlugField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    kind = models.CharField("类型", max_length=10, choices=ChannelKind.CHOICES)
    reply_working_days = models.PositiveSmallIntegerField("答复时限（工作日）")
    publishes = models.BooleanField("开展留言选登", default=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    unit_label = models.CharField("部门字段名称", max_length=20, default="受理部门")
    intro = models.CharField("说明", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "互动渠道"
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("interaction.channel", self.slug)

    @property
    def has_public_form(self) -> bool:
        return self.kind == ChannelKind.FORM and self.active


class Message(models.Model):
    tracking_code = models.CharField("查询码", max_length=40, unique=True)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, verbose_name="渠道")
    # the unit the writer addressed (咨询部门) or the import's unit; it receives and routes
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="受理部门"
    )
    # the unit it was routed to (分办/转办); None while the receiving unit holds it
    handling_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办部门",
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所留言的政策文件",
    )
    topic = models.ForeignKey(
        "documents.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="主题分类",
    )
    # the writer: staff only, through selectors
    name = models.CharField("姓名", max_length=60)
    phone = models.CharField("手机号码", max_length=30)
    email = models.CharField("邮箱", max_length=120, blank=True)
    title = models.CharField("标题", max_length=100)
    content = models.TextField("内容")
    wants_public = models.BooleanField("是否公开", default=False)
    source_ref = models.CharField("外部编号", max_length=60, blank=True)
    received_at = models.DateTimeField("收到时间")
    received_on = models.DateField("收到日期")
    due_on = models.DateField("答复期限")
    due_soon = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)
    state = models.CharField(
        "状态", max_length=12, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    return_reason = models.CharField("退回理由", max_length=300, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    reply_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复单位",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_on_time = models.BooleanField("按期答复", null=True, blank=True)
    publication = models.CharField(
        "选登", max_length=12, choices=Publication.choices, default=Publication.NOT_CHOSEN
    )
    published_title = models.CharField("公开标题", max_length=200, blank=True)
    published_content = models.TextField("公开内容", blank=True)
    published_reply = models.TextField("公开答复", blank=True)
    published_on = models.DateField("选登日期", null=True, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction.choices, blank=True
    )
    satisfaction_note = models.CharField("评价说明", max_length=300, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "留言"
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="interaction_one_import_per_ticket",
            )
        ]
        indexes = [
            models.Index(fields=["publication", "published_on"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["handling_unit", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    def audit_key(self) -> tuple[str, str]:
        return ("interaction.message", self.tracking_code)

    @property
    def responsible_unit_id(self) -> int:
        return self.handling_unit_id or self.unit_id


class MessageEvent(models.Model):
    """One step of the handling, in order; the public progress page shows their labels."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=30)
    label = models.CharField(max_length=100)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)  # staff only (reasons, drafts)
    state_after = models.CharField(max_length=12)

    class Meta:
        ordering = ["message", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["message", "seq"], name="interaction_event_seq")
        ]

    def __str__(self) -> str:
        return f"{self.message_id}#{self.seq} {self.label}"

    def audit_key(self) -> tuple[str, str]:
        return ("interaction.message", self.message.tracking_code)


class Reminder(models.Model):
    """A due-soon or overdue reminder sent to one person about one deadline: never twice."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10)  # "due_soon" | "overdue"
    due_on = models.DateField()
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "recipient", "kind", "due_on"], name="interaction_remind_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"

    def audit_key(self) -> tuple[str, str]:
        return ("interaction.message", self.message.tracking_code)
