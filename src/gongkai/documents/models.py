"""Proactive disclosure (主动公开): documents with their statutory metadata, published versions,
attachments, relations, the publication log and the search outbox.

The public site reads only ``DocumentVersion`` snapshots of documents that have a live version and
are not withdrawn (selectors.public_documents); the working fields on ``Document`` are the draft.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from gongkai.documents.vocab import (
    ART20_CHOICES,
    DisclosureMode,
    DocKind,
    InterpretationForm,
    InterpretationStage,
    RelationKind,
    Scope,
    Validity,
)


class AppendOnlyError(RuntimeError):
    pass


class Topic(models.Model):
    """主题分类: a two-level tree (top level has no parent)."""

    code = models.CharField("代码", max_length=16, unique=True)
    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name

    def audit_key(self) -> tuple[str, str]:
        return ("topic", self.code)


class PolicyTag(models.Model):
    name = models.CharField("标签", max_length=40, unique=True)

    class Meta:
        verbose_name = "政策标签"
        verbose_name_plural = "政策标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("policy_tag", self.name)


class State(models.TextChoices):
    """Workflow states; the transitions are declared once in workflow.TRANSITIONS."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审查"
    APPROVED = "approved", "已审核待发布"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    REPEALED = "repealed", "已废止"
    LAPSED = "lapsed", "已失效"
    WITHDRAWN = "withdrawn", "已撤回"


class Document(models.Model):
    unit = models.ForeignKey(
        "org.Unit", verbose_name="公开主体", on_delete=models.PROTECT, related_name="documents"
    )
    # 索引号: assigned on first publication from settings.GONGKAI_INDEX_NUMBER_PATTERN.
    index_number = models.CharField("索引号", max_length=64, blank=True, db_index=True)
    index_year = models.PositiveIntegerField(null=True, blank=True)
    index_seq = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("发文字号", max_length=80, blank=True, db_index=True)
    doc_kind = models.CharField(
        "公文种类", max_length=20, choices=DocKind.choices, default=DocKind.NOTICE
    )
    is_normative = models.BooleanField("规范性文件", default=False)
    is_major_policy = models.BooleanField("重大政策", default=False)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    effective_on = models.DateField("实施日期", null=True, blank=True)
    expires_on = models.DateField("废止/失效日期", null=True, blank=True)
    validity = models.CharField(
        "有效性", max_length=8, choices=Validity.choices, default=Validity.NONE, blank=True
    )
    topic = models.ForeignKey(
        Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT
    )
    art20_item = models.PositiveSmallIntegerField(
        "条例第二十条事项", choices=ART20_CHOICES, null=True, blank=True
    )
    disclosure_mode = models.CharField(
        "公开方式",
        max_length=10,
        choices=DisclosureMode.choices,
        default=DisclosureMode.UNDETERMINED,
    )
    disclosure_basis = models.CharField("不公开或依申请公开的依据", max_length=300, blank=True)
    scope = models.CharField("公开范围", max_length=8, choices=Scope.choices, default=Scope.PUBLIC)
    scope_target = models.CharField("定向公开对象", max_length=200, blank=True)
    keywords = models.CharField("关键词", max_length=300, blank=True)
    policy_tags = models.ManyToManyField(PolicyTag, verbose_name="政策标签", blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)  # sanitised HTML (nh3)
    source = models.CharField("信息来源", max_length=120, blank=True)
    # 政策解读
    is_interpretation = models.BooleanField("政策解读", default=False)
    interpretation_form = models.CharField(
        "解读形式", max_length=10, choices=InterpretationForm.choices, blank=True
    )
    interpretation_stage = models.CharField(
        "解读阶段", max_length=8, choices=InterpretationStage.choices, blank=True
    )
    # Workflow
    state = models.CharField(
        "状态", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField("审查意见", blank=True)
    # 行政规范性文件: the 合法性审核 and the 集体审议 on record before it may be published
    # (documents.workflow.missing_records). Cleared when a revision opens: a revised text is
    # reviewed and deliberated anew.
    legality_reviewer = models.CharField("合法性审核机构或人员", max_length=120, blank=True)
    legality_reviewed_on = models.DateField("合法性审核日期", null=True, blank=True)
    legality_opinion = models.TextField("合法性审核意见", blank=True)
    collective_meeting = models.CharField("集体审议会议", max_length=120, blank=True)
    collective_decided_on = models.DateField("集体审议日期", null=True, blank=True)
    confidentiality_checked = models.BooleanField("已保密审查", default=False)
    revision_note = models.CharField("修订说明", max_length=300, blank=True)
    scheduled_for = models.DateTimeField("定时发布时间", null=True, blank=True)
    first_published_at = models.DateTimeField("首次发布时间", null=True, blank=True)
    # The version the public sees (None: never published). Public pages read only this snapshot.
    live = models.ForeignKey(
        "DocumentVersion",
        verbose_name="公开版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField("撤回原因", max_length=300, blank=True)
    import_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # Optimistic concurrency: every write to the working copy (edit, relation, workflow step)
    # adds one; services.document_update refuses an edit made on an older one.
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "公开文件"
        verbose_name_plural = "公开文件"
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "index_year", "index_seq"], name="documents_index_seq_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.pk))

    @property
    def is_public(self) -> bool:
        return self.live_id is not None and self.state != State.WITHDRAWN

    @property
    def live_number(self) -> int:
        return self.live.number if self.live_id and self.live else 0

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", " ").replace(",", " ").split() if k]


class DocumentIssuer(models.Model):
    """发文机关 (several for joint issuing), in order."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="issuers")
    name = models.CharField("发文机关", max_length=120, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))


class DocumentVersion(models.Model):
    """A published version: an immutable snapshot of what the public saw."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    summary = models.TextField("内容概述", blank=True)
    metadata = models.JSONField("元数据", default=dict)
    revision_note = models.CharField("修订说明", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The exact bytes offered as the version's download (UTF-8 HTML), and their digest.
    rendered = models.TextField("发布文本")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)

    class Meta:
        ordering = ["document_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="documents/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    # An image's text alternative (WCAG 1.1.1): what the picture says, read out by screen
    # readers and shown to anyone who cannot see it; the public page shows images inline.
    description = models.CharField("图片文字说明", max_length=500, blank=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    metadata_stripped = models.BooleanField("已清除文件元数据", default=False)
    # The live version it was first published with (0: not yet published).
    published_version = models.PositiveIntegerField(default=0)
    removed = models.BooleanField("已移除", default=False)
    # A published attachment removed in a revision stays on the versions it belonged to and
    # disappears from version ``removed_in_version`` on (0: not removed).
    removed_in_version = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))


class DocumentRelation(models.Model):
    """``source`` interprets / amends / repeals / replaces ``target``."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=12, choices=RelationKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="documents_relation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.source_id))


class ServiceLink(models.Model):
    """A related service (办事) link, shown with a 办 icon."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="service_links")
    title = models.CharField("事项名称", max_length=200)
    url = models.URLField("办事链接")

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("公开记录只能追加，不能修改。")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("公开记录只能追加，不能删除。")


class PublicationLogEntry(models.Model):
    """The append-only, hash-chained publication log (tamper evidence).

    ``entry_hash`` = SHA-256 over the canonical JSON of this entry including ``prev_hash``;
    ``signature`` = Ed25519 over ``entry_hash``: every entry is a signed head of the chain.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    kind = models.CharField(max_length=12)  # "version" | "attachment"
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    version_number = models.PositiveIntegerField()
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    unit_code = models.CharField(max_length=32)
    unit_name = models.CharField(max_length=120)
    published_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    signature = models.CharField(max_length=128)
    key_id = models.CharField(max_length=16)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.sha256[:12]} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("公开记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("公开记录只能追加，不能删除。")

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))


class OutboxAction(models.TextChoices):
    PUBLISH = "publish", "发布"
    REVISE = "revise", "修订"
    REPEAL = "repeal", "废止"
    LAPSE = "lapse", "失效"
    WITHDRAW = "withdraw", "撤回"


class OutboxEvent(models.Model):
    """What happened to public documents, for the search module to consume (append-only except
    ``processed_at``, which the consumer sets)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=OutboxAction.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} {self.document_id} v{self.version}"

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))
