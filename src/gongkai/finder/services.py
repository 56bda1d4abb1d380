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
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from gongkai.audit.services import audit_record
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.delivery.services import outbox_enqueue
from gongkai.documents.models import Document, State
from gongkai.documents.selectors import public_attachments, public_documents
from gongkai.finder.models import (
    Delivery,
    GuideDelivery,
    Partner,
    PolicyTagging,
    PushCursor,
    Relay,
    Subscriber,
)
from gongkai.finder.policy import is_policy, why_policy
from gongkai.finder.push import PushItem, clean_parts, subscription_matches
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


# At most one confirmation (or "already subscribed") mail per pending subscription a period:
# subscribing the same address again within it sends nothing more (the form answers the same).
CONFIRM_RESEND_AFTER = datetime.timedelta(hours=24)


def mail_language(language: str | None) -> str:
    """A page's language as a mail language: English or (by default) Chinese."""
    return "en" if (language or "").startswith("en") else "zh-hans"


def clean_subscription(raw: dict[str, Any]) -> tuple[dict[str, list[str]], list[str]]:
    """A subscription's criteria: tag answers, issuing units and topics (decision 0016)."""
    clean, problems = clean_criteria(raw)
    parts, more = clean_parts(raw)
    return {**clean, **parts}, problems + more


def _confirm_mail(sub: Subscriber, now: datetime.datetime) -> None:
    """The confirmation mail (or, for a subscription already confirmed, its manage link),
    in the subscriber's language, at most once a period."""
    if sub.confirm_sent_at is not None and now - sub.confirm_sent_at < CONFIRM_RESEND_AFTER:
        return
    with translation.override(sub.language):
        if sub.confirmed_at is None:
            link = _site_url(reverse("finder:confirm", args=[sub.token]))
            subject = gettext("请确认订阅政策推送")
            body = gettext(
                "您好：\n\n您在政策北斗订阅了符合条件的政策推送。请打开下面的链接确认订阅"
                "（未确认不会发送任何推送）：\n%(link)s\n\n如果不是您本人操作，请忽略本邮件。\n"
            ) % {"link": link}
        else:
            link = _site_url(reverse("finder:manage", args=[sub.token]))
            subject = gettext("您已订阅相同条件的政策推送")
            body = gettext(
                "您好：\n\n这个邮箱已经订阅了相同条件的政策推送，无需再次订阅。查看或修改订阅："
                "\n%(link)s\n\n如果不是您本人操作，请忽略本邮件。\n"
            ) % {"link": link}
    outbox_enqueue(
        kind="email",
        key=f"finder:confirm:{sub.pk}:{int(now.timestamp())}",
        source="finder",
        target=sub.email,
        subject=subject,
        body=body,
        now=now,
    )
    sub.confirm_sent_at = now
    sub.save(update_fields=["confirm_sent_at"])


@transaction.atomic
def subscribe(*, email: str, criteria: dict[str, Any], language: str = "zh-hans") -> Subscriber:
    """Ask for matching policies by e-mail: nothing is sent until the address is confirmed
    through the link in the first message (double opt-in). The same address with the same
    criteria is one subscription, and an address has at most one pending (unconfirmed) one:
    asking again changes its criteria. Whoever asks gets the same answer either way (nobody
    learns whether an address is subscribed), and the address gets at most one mail a period.
    The mails are in ``language``, the one the person subscribed in (the page's)."""
    language = mail_language(language)
    email = email.strip()
    problems = []
    try:
        validate_email(email)
    except ValidationError:
        problems.append("请填写有效的电子邮箱")
    clean, more = clean_subscription(criteria)
    problems += more
    if not clean:
        problems.append("请至少选择一项订阅条件")
    if problems:
        raise ValidationFailed(problems)
    now = timezone.now()
    mine = list(
        Subscriber.objects.select_for_update()
        .filter(email__iexact=email, unsubscribed_at__isnull=True)
        .order_by("pk")
    )
    sub = next((s for s in mine if s.criteria == clean), None)
    if sub is None:
        sub = next((s for s in mine if s.confirmed_at is None), None)
        if sub is not None:  # the pending one asks for the new criteria
            before = sub.criteria
            sub.criteria = clean
            sub.language = language
            sub.save(update_fields=["criteria", "language"])
            audit_record(
                actor=None,
                actor_label="公众",
                action="finder.subscribe",
                obj_type="subscriber",
                obj_id=sub.pk,
                obj_label=f"订阅#{sub.pk}",
                before={"criteria": before},
                after={"criteria": clean},
            )
    if sub is None:
        sub = Subscriber.objects.create(
            email=email,
            token=secrets.token_urlsafe(32),
            criteria=clean,
            language=language,
            created_at=now,
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
    _confirm_mail(sub, now)
    return sub


def _by_token(token: str) -> Subscriber:
    sub = Subscriber.objects.select_for_update().filter(token=token[:64]).first()
    if sub is None:
        raise DomainError("链接无效或已过期：请重新订阅。")
    return sub


def _stamp_once(token: str, field: str, action: str, after: dict[str, bool]) -> Subscriber:
    """The subscriber's ``field`` (a moment) set now if it is not yet, audited; a second click
    of the same link changes nothing, and nothing is confirmed after unsubscribing (a stopped
    subscription stays stopped)."""
    sub = _by_token(token)
    if getattr(sub, field) is None and sub.unsubscribed_at is None:
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


@transaction.atomic
def subscription_update(*, token: str, criteria: dict[str, Any]) -> Subscriber:
    """The subscriber changes what they asked for on their page (by the private token),
    audited; the next digest uses the new criteria (what was sent is never sent again)."""
    sub = _by_token(token)
    if sub.unsubscribed_at is not None:
        raise DomainError("此订阅已退订，不能修改；如需推送，请重新订阅。")
    clean, problems = clean_subscription(criteria)
    if not clean and not problems:
        problems.append("请至少选择一项订阅条件")
    if problems:
        raise ValidationFailed(problems)
    if clean != sub.criteria:
        before = sub.criteria
        sub.criteria = clean
        sub.save(update_fields=["criteria"])
        audit_record(
            actor=None,
            actor_label="订阅者",
            action="finder.subscription_update",
            obj_type="subscriber",
            obj_id=sub.pk,
            obj_label=f"订阅#{sub.pk}",
            before={"criteria": before},
            after={"criteria": clean},
        )
    return sub


def item_lines(item: PushItem) -> list[str]:
    """A pushed policy in a mail, in the active language: why it matched, its support, until
    when, how to apply and the 办 link (the guide of each service it names; banshi)."""
    sep = gettext("；")
    lines = [
        f"· {item.title}",
        f"  {_site_url(reverse('documents:detail', args=[item.document.pk]))}",
    ]
    if item.reasons:
        lines.append("  " + gettext("相符之处：") + sep.join(item.reasons))
    if item.support:
        lines.append("  " + gettext("扶持方式：") + gettext("、").join(item.support))
    if item.expires_on:
        lines.append("  " + gettext("有效期至：") + item.expires_on.isoformat())
    if item.services:
        for s in item.services:
            guide = _site_url(reverse("banshi:guide", args=[s.code]))
            line = "  " + gettext("如何申请（办）：%(name)s %(guide)s") % {
                "name": s.name,
                "guide": guide,
            }
            if s.online_url:
                line += sep + gettext("在线办理：") + s.online_url
            lines.append(line)
    else:
        lines.append("  " + gettext("如何申请：见政策原文。"))
    return lines


def _digest_body(
    subs: list[Subscriber], items: list[PushItem], guides: list[tuple[Any, str]] | None = None
) -> str:
    lines = [gettext("您好："), ""]
    if items:
        lines += [gettext("以下新发布的政策符合您的订阅条件："), ""]
    for item in items:
        lines += item_lines(item)
        lines.append("")
    if guides:
        lines += [gettext("以下办事指南是新发布或有更新的，办理的是符合您订阅条件的政策："), ""]
    for g, policy in guides or []:
        lines.append(f"· {g.name}")
        lines.append(f"  {_site_url(reverse('banshi:guide', args=[g.code]))}")
        lines.append("  " + gettext("所依政策：") + policy)
        if g.online_url:
            lines.append("  " + gettext("在线办理：") + g.online_url)
        lines.append("")
    for n, sub in enumerate(subs, 1):
        if len(subs) > 1:
            lines.append(gettext("订阅 %(n)s：") % {"n": n})
        manage_link = _site_url(reverse("finder:manage", args=[sub.token]))
        lines.append(gettext("查看已收到的推送或修改订阅：") + manage_link)
        lines.append(
            gettext("一键退订：") + _site_url(reverse("finder:unsubscribe", args=[sub.token]))
        )
    return "\n".join(lines) + "\n"


def _relay_body(partner: Partner, d: Document, title: str, link: str) -> str:
    """The release with its materials: the attachments (public download links) and the
    interpretations, so the partner can forward everything to its members."""
    lines = [
        f"{partner.name}：",
        "",
        f"新发布的政策《{title}》与贵单位会员有关，请转发会员，并在转发后登记触达人数：",
        link,
        "",
        f"原文：{_site_url(reverse('documents:detail', args=[d.pk]))}",
    ]
    if d.live is not None:
        atts = list(public_attachments(d, d.live.number))
        if atts:
            lines.append("附件：")
            lines += [
                f"· {a.name} " + _site_url(reverse("documents:attachment", args=[d.pk, a.pk]))
                for a in atts
            ]
    readings = list(
        public_documents()
        .filter(pk__in=interpretations_of(d.pk), state=State.PUBLISHED)
        .select_related("live")
        .order_by("pk")
    )
    if readings:
        lines.append("政策解读：")
        lines += [
            f"· {r.live.title if r.live else r.title} "
            + _site_url(reverse("documents:detail", args=[r.pk]))
            for r in readings
        ]
    return "\n".join(lines) + "\n"


@transaction.atomic
def digest_tick(now: datetime.datetime) -> dict[str, int]:
    """Tick job: new policies in force since the last run, and new or changed 办事指南 named
    by a policy the subscription matches, go once to every confirmed subscriber they match
    (one digest per address per run, however many subscriptions it has, and never the same
    document or guide twice to one address); new policies also to matching relay partners.
    One transaction: the cursor row is locked (two ticks never send the same run twice) and the
    digests enqueued and recorded together (PostgreSQL refused the lock outside one)."""
    from gongkai.banshi.selectors import service_items, services_named_by

    cursor, _ = PushCursor.objects.select_for_update().get_or_create(pk=1)
    since = cursor.last_published_at
    fresh = in_force(timezone.localdate(now)).select_related("live", "unit")
    if since is not None:
        fresh = fresh.filter(live__published_at__gt=since)
    fresh_docs = list(fresh.order_by("live__published_at"))
    guides = service_items()
    if cursor.guides_seen_at is not None:
        guides = guides.filter(updated_at__gt=cursor.guides_seen_at)
    fresh_guides = {g.code: g for g in guides.order_by("updated_at", "code")}
    if not fresh_docs and not fresh_guides:
        return {"documents": 0, "guides": 0, "digests": 0, "relays": 0}
    fresh_ids = {d.pk for d in fresh_docs}
    today = timezone.localdate(now)
    digests = relays = 0
    by_address: dict[str, list[Subscriber]] = {}
    active = Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    for sub in active.order_by("pk"):
        by_address.setdefault(sub.email.strip().lower(), []).append(sub)
    for address, subs in by_address.items():
        sent = set(
            Delivery.objects.filter(subscriber__email__iexact=address).values_list(
                "document_id", flat=True
            )
        )
        sent_guides = set(
            GuideDelivery.objects.filter(subscriber__email__iexact=address).values_list(
                "service_code", flat=True
            )
        )
        chosen: dict[int, tuple[PushItem, Subscriber]] = {}
        chosen_guides: dict[str, tuple[Any, Subscriber, str]] = {}
        for sub in subs:
            with translation.override(subs[0].language):
                found = (
                    subscription_matches(sub.criteria, today=today, among=fresh_ids)
                    if fresh_ids
                    else []
                )
                # a guide goes with the policies in force it serves (阅办联动)
                serving = subscription_matches(sub.criteria, today=today) if fresh_guides else []
            for item in found:
                if item.document.pk in sent:
                    continue
                if item.document.pk in chosen:
                    first = chosen[item.document.pk][0]
                    first.reasons = list(dict.fromkeys(first.reasons + item.reasons))
                else:
                    chosen[item.document.pk] = (item, sub)
            named = services_named_by([i.document.pk for i in serving]) if serving else {}
            for item in serving:
                for g in named.get(item.document.pk, []):
                    if g.code in fresh_guides and g.code not in sent_guides:
                        chosen_guides.setdefault(g.code, (g, sub, item.title))
        if not chosen and not chosen_guides:
            continue
        items = [item for item, _sub in chosen.values()]
        key = (
            f"finder:digest:{subs[0].pk}:"
            + ",".join(str(i.document.pk) for i in items)
            + (";" + ",".join(chosen_guides) if chosen_guides else "")
        )
        with translation.override(subs[0].language):
            if items:
                subject = ngettext(
                    "政策推送：%(n)s 项新政策", "政策推送：%(n)s 项新政策", len(items)
                ) % {"n": len(items)}
            else:
                subject = ngettext(
                    "政策推送：%(n)s 项办事指南", "政策推送：%(n)s 项办事指南", len(chosen_guides)
                ) % {"n": len(chosen_guides)}
            # a guide a policy of this digest already names (its 办 link) is not listed again
            named_here = {sv.code for item in items for sv in item.services}
            body = _digest_body(
                subs,
                items,
                [(g, p) for code, (g, _s, p) in chosen_guides.items() if code not in named_here],
            )
        outbox_enqueue(
            kind="email",
            key=key[:200],
            source="finder",
            target=subs[0].email,
            subject=subject,
            body=body,
            now=now,
        )
        for item, sub in chosen.values():
            Delivery.objects.create(
                subscriber=sub, document=item.document, digest_key=key[:120], sent_at=now
            )
        for g, sub, _policy in chosen_guides.values():
            GuideDelivery.objects.create(
                subscriber=sub,
                service_code=g.code,
                service_name=g.name[:200],
                digest_key=key[:120],
                sent_at=now,
            )
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
                body=_relay_body(partner, d, title, link),
                now=now,
            )
            Relay.objects.create(partner=partner, document=d, sent_at=now)
            relays += 1
    if fresh_docs:
        cursor.last_published_at = max(d.live.published_at for d in fresh_docs if d.live)
    if fresh_guides:
        cursor.guides_seen_at = max(g.updated_at for g in fresh_guides.values())
    cursor.save()
    return {
        "documents": len(fresh_docs),
        "guides": len(fresh_guides),
        "digests": digests,
        "relays": relays,
    }


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
