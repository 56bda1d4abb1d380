"""The demo shows 政策北斗 and 办事服务 working: tagged policies, services with forms and online
links, a 一件事, documents naming services, relay partners, a confirmed subscription, one digest."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.banshi.models import DocumentService, OneThing, ServiceItem
from gongkai.delivery.models import OutboxMessage, Status
from gongkai.finder.models import Delivery, Partner, PolicyTagging, Relay, Subscriber
from gongkai.finder.selectors import match


@pytest.mark.django_db
def test_the_demo_has_tagged_policies_services_partners_and_a_sent_digest() -> None:
    call_command("demo-data", stdout=io.StringIO())
    assert ServiceItem.objects.count() == 4
    assert all(
        any(m["form_url"] for m in item.materials) and item.online_url
        for item in ServiceItem.objects.all()
    )
    assert OneThing.objects.count() == 1
    assert DocumentService.objects.count() >= 2
    assert PolicyTagging.objects.values("document").distinct().count() >= 8
    assert len(match({"who": ["个人"]})) >= 2
    assert Partner.objects.count() == 2
    sub = Subscriber.objects.get()
    assert sub.confirmed_at is not None
    assert sub.unsubscribed_at is None
    keys = set(Delivery.objects.filter(subscriber=sub).values_list("digest_key", flat=True))
    assert len(keys) == 1  # one digest, naming every matching policy once
    sent = OutboxMessage.objects.filter(source="finder", target=sub.email, status=Status.SENT)
    assert sorted(m.subject.split("：")[0] for m in sent) == ["政策推送", "请确认订阅政策推送"]
    assert Relay.objects.exists()
    counts = (ServiceItem.objects.count(), Delivery.objects.count(), AuditEvent.objects.count())
    call_command("demo-data", stdout=io.StringIO())
    assert (
        ServiceItem.objects.count(),
        Delivery.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
