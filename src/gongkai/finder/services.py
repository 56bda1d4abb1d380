"""Writes of the finder: policy tags, subscriptions (double opt-in), digests, relays."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.delivery.services import outbox_enqueue
from gongkai.documents.models import Document
from gongkai.finder.models import Delivery, Partner, PolicyTagging, PushCursor, Relay, Subscriber
from gongkai.finder.policy import is_policy, why_policy
from gongkai.finder.selectors import in_force, interpretations_of, match
from gongkai.finder.vocab import group, groups
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User
from gongkai.search.services import search_documents_refresh


def clean_criteria(raw: dict[str, Any]) -> tuple[dict[str, list[str]], list[str]]:
    out: dict[str, list[str]] = {}
    problems = []
    for g in groups():
        values = raw.get(g.key) or []
        if isinstance(values, str):
            values = [values]
        bad = [v for v in values if v not in g.values]
        if bad:
            problems.append(f"“{g.label}”中没有“{'、'.join(bad)}”：请从列表中选择")
        chosen = [v for v in g.values if v in values]
        if chosen:
            out[g.key] = chosen
    return out, problems


@transaction.atomic
def tags_set(
    *, actor: User, document: Document, tags: dict[str, list[str]]
) -> dict[str, list[str]]:
    """A policy's or interpretation's tags, set when it is issued (staff in its unit)."""
    require(actor, Perm.HANDLE, document.unit)
    clean, problems = clean_criteria(tags)
    if not problems and not clean and is_policy(document):
        # a policy is published with its tags and keeps them (finder.policy)
        problems = [
            f"“{document.title}”是政策文件（{why_policy(document)}），"
            "至少选择一项标签（适用对象、行业、企业规模、区域、扶持方式或生命事件）。"
        ]
    if problems:
        raise ValidationFailed(problems)
    before = sorted(PolicyTagging.objects.filter(document=document).values_list("group", "value"))
    PolicyTagging.objects.filter(document=document).delete()
    for g, values in clean.items():
        for v in values:
            PolicyTagging.objects.create(document=document, group=g, value=v)
    audit_record(
        actor=actor,
        action="finder.tags",
        obj_type="document",
        obj_id=document.pk,
        obj_label=document.title,
        unit=document.unit,
        before={"tags": before},
        after={"tags": clean},
    )
    if document.is_public:  # the search's tag facet follows at once (it and its interpretations)
        search_documents_refresh([document.pk, *interpretations_of(document.pk)])
    return clean


def _site_url(path: str) -> str:
    return settings.GONGKAI_SITE_URL.rstrip("/") + path


@transaction.atomic
def subscribe(*, email: str, criteria: dict[str, Any]) -> Subscriber:
    """Ask for matching policies by e-mail: nothing is sent until the address is confirmed
    through the link in the first message (double opt-in)."""
    email = email.strip()
    problems = []
    try:
        validate_email(email)
    except ValidationError:
        problems.append("请填写有效的电子邮箱")
    clean, more = clean_criteria(criteria)
    problems += more
    if not clean:
        problems.append("请至少选择一项订阅条件")
    if problems:
        raise ValidationFailed(problems)
    sub = Subscriber.objects.create(
        email=email, token=secrets.token_urlsafe(32), criteria=clean, created_at=timezone.now()
    )
    confirm = _site_url(reverse("finder:confirm", args=[sub.token]))
    outbox_enqueue(
        kind="email",
        key=f"finder:confirm:{sub.pk}",
        source="finder",
        target=email,
        subject="请确认订阅政策推送",
        body=f"您好：\n\n您在政策北斗订阅了符合条件的政策推送。请打开下面的链接确认订阅（未确认不会发送任何推送）：\n{confirm}\n\n如果不是您本人操作，请忽略本邮件。\n",
    )
    audit_record(
        actor=None,
        actor_label="公众",
        action="finder.subscribe",
        obj_type="subscriber",
        obj_id=sub.pk,
        obj_label=f"订阅#{sub.pk}",
        after={"criteria": clean},
    )
    return sub


def _by_token(token: str) -> Subscriber:
    sub = Subscriber.objects.select_for_update().filter(token=token[:64]).first()
    if sub is None:
        raise DomainError("链接无效或已过期：请重新订阅。")
    return sub


def _stamp_once(token: str, field: str, action: str, after: dict[str, bool]) -> Subscriber:
    """The subscriber's ``field`` (a moment) set now if it is not yet, audited; a second click
    of the same link changes nothing."""
    sub = _by_token(token)
    if getattr(sub, field) is None:
        setattr(sub, field, timezone.now())
        sub.save(update_fields=[field])
        audit_record(
            actor=None,
            actor_label="订阅者",
            action=action,
            obj_type="subscriber",
            obj_id=sub.pk,
            obj_label=f"订阅#{sub.pk}",
            after=after,
        )
    return sub


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """Double opt-in: the link in the confirmation mail."""
    return _stamp_once(token, "confirmed_at", "finder.confirm", {"confirmed": True})


@transaction.atomic
def unsubscribe(*, token: str) -> Subscriber:
    """One click, from any digest or the subscriber's page."""
    return _stamp_once(token, "unsubscribed_at", "finder.unsubscribe", {"unsubscribed": True})


def _digest_body(sub: Subscriber, docs: list[Document]) -> str:
    lines = ["您好：", "", "以下新发布的政策符合您的订阅条件：", ""]
    for d in docs:
        title = d.live.title if d.live else d.title
        lines.append(f"· {title}")
        lines.append(f"  {_site_url(reverse('documents:detail', args=[d.pk]))}")
    lines += [
        "",
        f"查看已收到的推送或修改订阅：{_site_url(reverse('finder:manage', args=[sub.token]))}",
        f"一键退订：{_site_url(reverse('finder:unsubscribe', args=[sub.token]))}",
    ]
    return "\n".join(lines) + "\n"


@transaction.atomic
def digest_tick(now: datetime.datetime) -> dict[str, int]:
    """Tick job: new policies in force since the last run go, once, to every confirmed
    subscriber they match (one digest per subscriber per run) and to matching relay partners.
    One transaction: the cursor row is locked (two ticks never send the same run twice) and the
    digests enqueued and recorded together (PostgreSQL refused the lock outside one)."""
    cursor, _ = PushCursor.objects.select_for_update().get_or_create(pk=1)
    since = cursor.last_published_at
    fresh = in_force(timezone.localdate(now)).select_related("live", "unit")
    if since is not None:
        fresh = fresh.filter(live__published_at__gt=since)
    fresh_docs = list(fresh.order_by("live__published_at"))
    if not fresh_docs:
        return {"documents": 0, "digests": 0, "relays": 0}
    fresh_ids = {d.pk for d in fresh_docs}
    digests = relays = 0
    for sub in Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True):
        matched = [
            m.document for m in match(sub.criteria, limit=2000) if m.document.pk in fresh_ids
        ]
        sent = set(Delivery.objects.filter(subscriber=sub).values_list("document_id", flat=True))
        docs = [d for d in matched if d.pk not in sent]
        if not docs:
            continue
        key = f"finder:digest:{sub.pk}:" + ",".join(str(d.pk) for d in docs)
        outbox_enqueue(
            kind="email",
            key=key[:200],
            source="finder",
            target=sub.email,
            subject=f"政策推送：{len(docs)} 项新政策",
            body=_digest_body(sub, docs),
            now=now,
        )
        for d in docs:
            Delivery.objects.create(subscriber=sub, document=d, digest_key=key[:120], sent_at=now)
        digests += 1
    for partner in Partner.objects.all():
        for m in match(partner.criteria, limit=2000):
            d = m.document
            if d.pk not in fresh_ids or Relay.objects.filter(partner=partner, document=d).exists():
                continue
            link = _site_url(reverse("finder:relay", args=[partner.token, d.pk]))
            title = d.live.title if d.live else d.title
            outbox_enqueue(
                kind="email",
                key=f"finder:relay:{partner.pk}:{d.pk}",
                source="finder",
                target=partner.email,
                subject=f"请转发会员：{title}",
                body=f"{partner.name}：\n\n新发布的政策《{title}》与贵单位会员有关，请转发会员，并在转发后登记触达人数：\n{link}\n",
                now=now,
            )
            Relay.objects.create(partner=partner, document=d, sent_at=now)
            relays += 1
    cursor.last_published_at = max(d.live.published_at for d in fresh_docs if d.live)
    cursor.save()
    return {"documents": len(fresh_docs), "digests": digests, "relays": relays}


@transaction.atomic
def partner_register(
    *, actor: User, unit: Unit, name: str, kind: str, email: str, criteria: dict[str, Any]
) -> Partner:
    require(actor, Perm.HANDLE, unit)
    clean, problems = clean_criteria(criteria)
    try:
        validate_email(email)
    except ValidationError:
        problems.append("请填写有效的接收邮箱")
    if not name.strip():
        problems.append("请填写名称")
    if kind not in ("行业协会", "园区", "商会"):
        problems.append("类型应为行业协会、园区或商会")
    if problems:
        raise ValidationFailed(problems)
    p = Partner.objects.create(
        name=name.strip(),
        kind=kind,
        email=email,
        token=secrets.token_urlsafe(32),
        criteria=clean,
        unit=unit,
    )
    audit_record(
        actor=actor,
        action="finder.partner",
        obj_type="relay_partner",
        obj_id=p.pk,
        obj_label=p.name,
        unit=unit,
        after={"kind": kind, "criteria": clean},
    )
    return p


@transaction.atomic
def relay_confirm(*, token: str, document_id: int, reached: int) -> Relay:
    relay = (
        Relay.objects.select_for_update()
        .filter(partner__token=token[:64], document_id=document_id)
        .first()
    )
    if relay is None:
        raise DomainError("链接无效：请使用推送邮件中的链接。")
    if not 0 <= reached <= 10_000_000:
        raise ValidationFailed(["触达会员数应为 0 到 10000000 之间的整数"])
    relay.confirmed_at = timezone.now()
    relay.reached = reached
    relay.save()
    audit_record(
        actor=None,
        actor_label=relay.partner.name,
        action="finder.relay_confirm",
        obj_type="relay_partner",
        obj_id=relay.partner_id,
        obj_label=relay.partner.name,
        after={"document": document_id, "reached": reached},
    )
    return relay


def group_choices() -> list[tuple[str, str, tuple[str, ...]]]:
    return [(g.key, g.label, g.values) for g in groups()]


__all__ = ["group"]
