"""The outbox's writes: enqueue a message (idempotent by key) and send what is due.

Other capabilities enqueue through ``outbox_enqueue`` inside their own transaction; the tick
job ``delivery.send`` sends (jobs.py). A message is recorded as sent only after the receiver
accepted it (an HTTP 2xx, or the mail server took it); failures are retried with a growing
delay and the last response is kept.
"""

from __future__ import annotations

import datetime
import hashlib
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ValidationFailed
from gongkai.delivery.models import Kind, OutboxMessage, Status

RESPONSE_KEPT = 2000  # characters of the receiver's answer kept on the message
MAX_DELAY = datetime.timedelta(hours=6)


def _check(kind: str, key: str, target: str) -> list[str]:
    problems = []
    if kind not in Kind.values:
        problems.append(f"消息类型“{kind}”无效：只能是 email 或 http")
    if not key.strip() or len(key) > 200:
        problems.append("幂等键不能为空，且不超过 200 个字符")
    if kind == Kind.EMAIL:
        addresses = [a.strip() for a in target.split(",") if a.strip()]
        if not addresses:
            problems.append("请填写收件人电子邮箱")
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                problems.append(f"收件人电子邮箱“{address}”格式不对")
    elif kind == Kind.HTTP:
        try:
            URLValidator(schemes=["http", "https"])(target)
        except ValidationError:
            problems.append(f"推送地址“{target}”不是有效的 http(s) 网址")
    return problems


def outbox_enqueue(
    *,
    kind: str,
    key: str,
    source: str,
    target: str,
    subject: str = "",
    body: str = "",
    content_type: str = "text/plain; charset=utf-8",
    headers: dict[str, str] | None = None,
    now: datetime.datetime | None = None,
    max_attempts: int = 10,
) -> tuple[OutboxMessage, bool]:
    """Queue a message once per ``key``; returns (message, created). A second call with the
    same key returns the first message unchanged (the key is the idempotency key)."""
    problems = _check(kind, key, target)
    if problems:
        raise ValidationFailed(problems)
    now = now or timezone.now()
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "source": source,
                "target": target,
                "subject": subject[:300],
                "body": body,
                "content_type": content_type,
                "headers": headers or {},
                "created_at": now,
                "next_attempt_at": now,
                "max_attempts": max_attempts,
            },
        )
        if created:
            audit_record(
                actor=None,
                action="delivery.enqueue",
                obj_type="outbox_message",
                obj_id=key,
                obj_label=subject or key,
                after={"kind": kind, "source": source, "target": target},
            )
    return message, created


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … times GONGKAI_DELIVERY_RETRY_SECONDS after each failure, at most 6 hours."""
    base = datetime.timedelta(seconds=settings.GONGKAI_DELIVERY_RETRY_SECONDS)
    return min(base * (2 ** max(0, attempts - 1)), MAX_DELAY)


def message_id(key: str) -> str:
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@gongkai.outbox>"


def _send_http(message: OutboxMessage) -> tuple[bool, int | None, str]:
    headers = {
        "Content-Type": message.content_type,
        "Idempotency-Key": message.key,
        "User-Agent": "gongkai-outbox/1",
        **message.headers,
    }
    request = urllib.request.Request(  # noqa: S310 - http(s) checked when enqueued
        message.target, data=message.body.encode("utf-8"), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.GONGKAI_DELIVERY_TIMEOUT
        ) as resp:
            text = resp.read(RESPONSE_KEPT * 4).decode("utf-8", "replace")
            return 200 <= resp.status < 300, resp.status, text
    except urllib.error.HTTPError as exc:
        text = exc.read(RESPONSE_KEPT * 4).decode("utf-8", "replace")
        return False, exc.code, text
    except OSError as exc:
        return False, None, f"无法连接：{exc}"


def _send_email(message: OutboxMessage) -> tuple[bool, int | None, str]:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[a.strip() for a in message.target.split(",") if a.strip()],
        headers={"Message-ID": message_id(message.key), **message.headers},
        connection=get_connection(timeout=settings.GONGKAI_DELIVERY_TIMEOUT),
    )
    try:
        email.send(fail_silently=False)
    except OSError as exc:  # smtplib's errors are OSError subclasses
        return False, None, f"邮件发送失败：{exc}"
    return True, None, "邮件服务器已接收"


def send_message(message: OutboxMessage, *, now: datetime.datetime, node: str) -> bool:
    """Try once; record the outcome on the (locked) message. Returns whether it was sent."""
    sender = _send_email if message.kind == Kind.EMAIL else _send_http
    ok, status, text = sender(message)
    message.attempts += 1
    message.last_attempt_at = now
    message.last_status = status
    message.last_response = text[:RESPONSE_KEPT]
    if ok:
        message.status = Status.SENT
        message.sent_at = now
        message.sent_by = node
    elif message.attempts >= message.max_attempts:
        message.status = Status.FAILED
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
    message.save()
    audit_record(
        actor=None,
        action=f"delivery.{'sent' if ok else 'attempt_failed'}",
        obj_type="outbox_message",
        obj_id=message.key,
        obj_label=message.subject or message.key,
        after={
            "attempts": message.attempts,
            "status": message.status,
            "response_status": status,
            "node": node,
        },
    )
    return ok


def deliver_due(
    now: datetime.datetime, *, node: str = "", limit: int | None = None
) -> dict[str, Any]:
    """Send every pending message whose time has come (at most ``limit`` per call)."""
    limit = limit or settings.GONGKAI_DELIVERY_BATCH
    sent = failed = 0
    due = OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=Status.PENDING)
                .first()
            )
            if message is None:  # sent meanwhile, or another sender holds it
                continue
            if send_message(message, now=now, node=node):
                sent += 1
            else:
                failed += 1
    pending = OutboxMessage.objects.filter(status=Status.PENDING).count()
    return {"sent": sent, "failed_attempts": failed, "pending": pending}
