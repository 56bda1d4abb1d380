"""One queue for everything the public writes that waits for a person before it is published
(先审后发): consultation comments, messages for 留言选登, open-day topics, survey free text.

A capability owns its item (a comment, a message) and registers its kind in
``moderation.registry``; the queue holds one ``ModerationItem`` per item with the state of the
decision. The states and their transitions are stated once, in ``TRANSITIONS``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ModerationState(models.TextChoices):
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "不予发布"


# state -> states a decision may move it to; a decided item can be reopened by a moderator
# (a published comment withdrawn later is rejected with a reason).
TRANSITIONS: dict[str, frozenset[str]] = {
    ModerationState.PENDING: frozenset({ModerationState.PUBLISHED, ModerationState.REJECTED}),
    ModerationState.PUBLISHED: frozenset({ModerationState.REJECTED}),
    ModerationState.REJECTED: frozenset(),
}


class RejectReason(models.TextChoices):
    SPAM = "spam", "垃圾信息或广告"
    OFFENSIVE = "offensive", "含攻击、谩骂等不当内容"
    OFF_TOPIC = "off_topic", "与主题无关"
    PERSONAL_DATA = "personal_data", "含个人信息且无法隐去"
    OTHER = "other", "其他（须说明）"


class ModerationItem(models.Model):
    kind = models.CharField(
        "类别", max_length=60
    )  # a registered kind, e.g. "participation.comment"
    object_id = models.CharField("条目编号", max_length=64)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="负责机构"
    )
    title = models.CharField("标题", max_length=200, blank=True)
    text = models.TextField("提交内容")  # as typed: staff only, never public
    state = models.CharField(
        "状态", max_length=12, choices=ModerationState.choices, default=ModerationState.PENDING
    )
    submitted_at = models.DateTimeField("提交时间")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="处理人",
    )
    reason = models.CharField(
        "不予发布理由", max_length=20, choices=RejectReason.choices, blank=True
    )
    reason_text = models.CharField("理由说明", max_length=500, blank=True)
    published_text = models.TextField("发布文本", blank=True)  # masked, as confirmed
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "待审核条目"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="moderation_one_per_item")
        ]
        indexes = [models.Index(fields=["state", "unit"])]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}"

    def audit_key(self) -> tuple[str, str]:
        return ("moderation", f"{self.kind}#{self.object_id}")
