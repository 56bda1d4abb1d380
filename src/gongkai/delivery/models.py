"""The outbox: every message the platform sends out (e-mail, HTTP POST), once (issue 20)."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    EMAIL = "email", "电子邮件"
    HTTP = "http", "HTTP 推送"


class Status(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "多次失败，已停止重试"


class OutboxMessage(models.Model):
    """One message to send. ``key`` (the idempotency key) is unique: enqueuing the same key
    again returns the existing message, so a job that runs twice sends nothing twice. The
    key also travels with the message (the ``Idempotency-Key`` header of an HTTP POST, the
    ``Message-ID`` of an e-mail), so a receiver can drop a copy sent again after a crash
    between sending and recording."""

    key = models.CharField("幂等键", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    source = models.CharField("来源", max_length=60)  # who enqueued it, e.g. documents.filing
    target = models.CharField("收件人或地址", max_length=1000)  # e-mail addresses, or a URL
    subject = models.CharField("主题", max_length=300, blank=True)
    body = models.TextField("正文", blank=True)
    content_type = models.CharField("内容类型", max_length=100, default="text/plain")
    headers = models.JSONField("附加请求头", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveIntegerField("最多尝试次数", default=10)
    created_at = models.DateTimeField("加入时间")
    next_attempt_at = models.DateTimeField("下次尝试时间", db_index=True)
    last_attempt_at = models.DateTimeField("上次尝试时间", null=True, blank=True)
    last_status = models.IntegerField("上次响应状态码", null=True, blank=True)
    last_response = models.TextField("上次响应或错误", blank=True)
    sent_at = models.DateTimeField("发送成功时间", null=True, blank=True)
    sent_by = models.CharField("发送节点", max_length=200, blank=True)

    class Meta:
        verbose_name = "待发消息"
        verbose_name_plural = "待发消息"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}（{self.get_status_display()}）"

    def audit_key(self) -> tuple[str, str]:
        return ("outbox_message", self.key)
