"""Policy tags on documents, the finder's subscriptions and what was sent to whom, and the
associations that relay releases to their members (政府+ 接力)."""

from __future__ import annotations

from django.db import models


class PolicyTagging(models.Model):
    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="finder_tags"
    )
    group = models.CharField("标签组", max_length=20)
    value = models.CharField("标签", max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "group", "value"], name="finder_tag_once")
        ]

    def __str__(self) -> str:
        return f"{self.group}={self.value}"

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))


class Subscriber(models.Model):
    """Someone who asked for matching policies by e-mail. The address is personal data: never on
    a public page, feed or API; reached only through the private token."""

    email = models.EmailField("电子邮箱")
    token = models.CharField(max_length=64, unique=True)  # private links (confirm, manage, feed)
    # {group: [values]} for the tag answers, and "unit": [unit codes], "topic": [topic codes]
    criteria = models.JSONField("订阅条件", default=dict)
    # The language the person subscribed in: their mails are written in it (zh-hans or en).
    language = models.CharField("语言", max_length=10, default="zh-hans")
    created_at = models.DateTimeField()
    # When the last confirmation mail went to this (pending) subscription: at most one a period.
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "订阅者"

    def __str__(self) -> str:
        return f"订阅#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return ("subscriber", str(self.pk))

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Delivery(models.Model):
    """One document sent to one subscriber (in a digest): never twice."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    digest_key = models.CharField(max_length=120)  # the outbox message's idempotency key
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "document"], name="finder_send_once")
        ]

    def __str__(self) -> str:
        return self.digest_key

    def audit_key(self) -> tuple[str, str]:
        return ("subscriber", str(self.subscriber_id))


class GuideDelivery(models.Model):
    """One 办事指南 sent to one subscriber (in a digest): never twice, even once it is edited.
    A guide is a banshi service item, named here by its code (banshi owns it)."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="guide_deliveries"
    )
    service_code = models.CharField(max_length=64)
    service_name = models.CharField(max_length=200)  # as it was sent
    digest_key = models.CharField(max_length=120)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "service_code"], name="finder_send_guide_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_code} {self.digest_key}"

    def audit_key(self) -> tuple[str, str]:
        return ("subscriber", str(self.subscriber_id))


class Partner(models.Model):
    """An association or park that relays matching releases to its members (接力)."""

    name = models.CharField("名称", max_length=120)
    kind = models.CharField(
        "类型",
        max_length=20,
        choices=[("行业协会", "行业协会"), ("园区", "园区"), ("商会", "商会")],
    )
    email = models.EmailField("接收邮箱")
    token = models.CharField(max_length=64, unique=True)
    criteria = models.JSONField("关注的标签", default=dict)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("relay_partner", str(self.pk))


class Relay(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="relays")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reached = models.PositiveIntegerField("触达会员数", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "document"], name="finder_relay_once")
        ]

    def __str__(self) -> str:
        return f"{self.partner}→{self.document_id}"

    def audit_key(self) -> tuple[str, str]:
        return ("relay_partner", str(self.partner_id))


class PushCursor(models.Model):
    """How far the digest job has read the publications (one row)."""

    last_published_at = models.DateTimeField(null=True, blank=True)
    # how far it has read the 办事指南 (banshi's service items, by their updated_at)
    guides_seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.last_published_at)
