"""The outbox (issue 20 item 2): idempotent by key, retried with backoff, sent once, the
receiver's answer recorded; e-mail to a real SMTP server, HTTP to a real endpoint."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ValidationFailed
from gongkai.core.jobs import run_tick
from gongkai.delivery.models import OutboxMessage, Status
from gongkai.delivery.services import deliver_due, message_id, outbox_enqueue, retry_delay
from gongkai.delivery.tests.sinks import http_endpoint, smtp_sink

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with smtp_sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = sink.host
        settings.EMAIL_PORT = sink.port
        yield sink


def test_the_same_key_is_queued_once_and_sent_once(smtp):
    now = timezone.now()
    first, created = outbox_enqueue(
        kind="email",
        key="t:1",
        source="test",
        target="a@example.gov.cn",
        subject="提醒",
        body="请及时答复。",
        now=now,
    )
    again, created_again = outbox_enqueue(
        kind="email",
        key="t:1",
        source="test",
        target="other@example.gov.cn",
        subject="另一封",
        now=now,
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert again.target == "a@example.gov.cn"
    assert deliver_due(now, node="n1") == {"sent": 1, "failed_attempts": 0, "pending": 0}
    assert deliver_due(now + datetime.timedelta(hours=1), node="n1")["sent"] == 0
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["To"] == "a@example.gov.cn"
    assert mail["Subject"] == "提醒"
    assert mail["Message-ID"] == message_id("t:1")
    assert "请及时答复" in mail.get_content()
    msg = OutboxMessage.objects.get(key="t:1")
    assert (msg.status, msg.attempts, msg.sent_by) == (Status.SENT, 1, "n1")
    assert AuditEvent.objects.filter(object_id="t:1", action="delivery.sent").count() == 1


def test_http_is_retried_with_backoff_and_the_response_recorded(settings):
    settings.GONGKAI_DELIVERY_RETRY_SECONDS = 60
    now = timezone.now()
    with http_endpoint() as endpoint:
        endpoint.answers = [503, 500]
        outbox_enqueue(
            kind="http",
            key="filing:x",
            source="test",
            target=endpoint.url,
            body='{"a": 1}',
            content_type="application/json",
            now=now,
        )
        assert deliver_due(now)["failed_attempts"] == 1
        msg = OutboxMessage.objects.get(key="filing:x")
        assert (msg.status, msg.attempts, msg.last_status) == (Status.PENDING, 1, 503)
        assert msg.next_attempt_at == now + datetime.timedelta(seconds=60)
        assert deliver_due(now + datetime.timedelta(seconds=30))["failed_attempts"] == 0  # not yet
        later = now + datetime.timedelta(seconds=60)
        assert deliver_due(later)["failed_attempts"] == 1
        msg.refresh_from_db()
        assert msg.next_attempt_at == later + datetime.timedelta(seconds=120)  # doubled
        assert deliver_due(later + datetime.timedelta(seconds=120))["sent"] == 1
        msg.refresh_from_db()
        assert (msg.status, msg.attempts, msg.last_status) == (Status.SENT, 3, 200)
        assert '"accepted": true' in msg.last_response
        assert len(endpoint.received) == 3
        got = endpoint.received[-1]
        assert got["headers"]["Idempotency-Key"] == "filing:x"
        assert got["body"] == b'{"a": 1}'


def test_a_message_that_keeps_failing_stops_after_its_attempts(settings):
    now = timezone.now()
    with http_endpoint() as endpoint:
        endpoint.answers = [500, 500]
        outbox_enqueue(
            kind="http", key="k:fail", source="test", target=endpoint.url, now=now, max_attempts=2
        )
        deliver_due(now)
        deliver_due(now + datetime.timedelta(days=1))
        msg = OutboxMessage.objects.get(key="k:fail")
        assert (msg.status, msg.attempts) == (Status.FAILED, 2)
        deliver_due(now + datetime.timedelta(days=2))
        assert len(endpoint.received) == 2


def test_an_unreachable_receiver_is_recorded_in_chinese():
    now = timezone.now()
    outbox_enqueue(kind="http", key="k:down", source="test", target="http://127.0.0.1:9/x", now=now)
    deliver_due(now)
    msg = OutboxMessage.objects.get(key="k:down")
    assert msg.status == Status.PENDING
    assert msg.last_response.startswith("无法连接")


def test_enqueue_validates_in_chinese():
    with pytest.raises(ValidationFailed) as info:
        outbox_enqueue(kind="fax", key="", source="t", target="x")
    text = "；".join(info.value.problems)
    assert "消息类型“fax”无效" in text
    assert "幂等键不能为空" in text
    with pytest.raises(ValidationFailed, match="收件人电子邮箱“not-an-address”格式不对"):
        outbox_enqueue(kind="email", key="k", source="t", target="not-an-address")
    with pytest.raises(ValidationFailed):
        outbox_enqueue(kind="http", key="k", source="t", target="ftp://x/")


def test_the_tick_sends_the_outbox(smtp):
    outbox_enqueue(
        kind="email", key="t:tick", source="test", target="b@example.gov.cn", subject="s", body="b"
    )
    run = run_tick()
    assert run.results["delivery.send"]["sent"] == 1
    assert len(smtp.messages) == 1


def test_backoff_is_capped():
    assert retry_delay(1) < retry_delay(2) < retry_delay(3)
    assert retry_delay(40) == datetime.timedelta(hours=6)
