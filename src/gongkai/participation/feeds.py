"""The public pages of 重大行政决策 and 公众参与 in the sitemap and the Atom feed
(``documents.feeds``, registered in wiring.py): published catalogues, public decisions,
published consultations and their surveys, held meetings and public open activities.

Read only through the public selectors. Titles and summaries are staff-written facts (the
title, the unit, the dates): never a comment, a registrant, a representative or anything the
public typed. ``updated`` is the latest public date the record carries (目录公布日期 and its
adjustments, a decision's materials, consultation, meeting, result and 采纳情况 dates, the
meeting day, the activity's summary), at 00:00 in the site's time zone, or, for an activity
whose summary is not out yet, when it last changed: taken from the data, so two identical
requests give the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from gongkai.documents.feeds import PublicEntry
from gongkai.documents.selectors import public_documents
from gongkai.participation import selectors
from gongkai.participation.models import OpenActivity, Questionnaire


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def _catalogues() -> list[PublicEntry]:
    out = []
    for c in selectors.public_catalogues().prefetch_related("adjustments"):
        assert c.published_on is not None  # public_catalogues: published ones only
        day = max([c.published_on, *(a.on_date for a in c.adjustments.all())])
        out.append(
            PublicEntry(
                url=reverse("participation:catalogue", args=[c.pk]),
                title=f"{c.unit.name}{c.year}年度重大行政决策事项目录",
                updated=_at(day),
                summary=f"{c.unit.name} · 重大行政决策事项目录 · {c.published_on:%Y-%m-%d}公布",
                author=c.unit.name,
                published=_at(c.published_on),
            )
        )
    return out


def _decisions() -> list[PublicEntry]:
    decisions = list(selectors.public_decisions().prefetch_related("materials", "meetings"))
    result_ids = [d.result_document_id for d in decisions if d.result_document_id]
    results = {doc.pk: doc.published_on for doc in public_documents().filter(pk__in=result_ids)}
    out = []
    for d in decisions:
        days = [m.on_date for m in d.materials.all()]
        days += [c.opens_on for c in d.consultations.all() if c.published]
        days += [m.held_on for m in d.meetings.all() if m.held]
        result_on = results.get(d.result_document_id) if d.result_document_id else None
        if result_on is not None:
            days.append(result_on)
        if d.report_published_on:
            days.append(d.report_published_on)
        day = max(days) if days else timezone.localtime(d.created_at).date()
        out.append(
            PublicEntry(
                url=reverse("participation:decision", args=[d.pk]),
                title=d.title,
                updated=_at(day),
                summary=f"{d.unit.name} · {d.year}年度重大行政决策事项",
                author=d.unit.name,
            )
        )
    return out


def _consultations() -> list[PublicEntry]:
    out = []
    for c in selectors.public_consultations():
        out.append(
            PublicEntry(
                url=reverse("participation:consultation", args=[c.pk]),
                title=c.title,
                updated=_at(c.opens_on),
                summary=(
                    f"{c.unit.name} · 公开征求意见 · {c.opens_on:%Y-%m-%d}至{c.closes_on:%Y-%m-%d}"
                ),
                author=c.unit.name,
            )
        )
    return out


def _activity_updated(activity: OpenActivity) -> datetime.datetime:
    """The day its summary was published; until then, when the activity last changed."""
    if activity.summary_published_on:
        return _at(activity.summary_published_on)
    return activity.updated_at


def _meetings_and_activities() -> list[PublicEntry]:
    out = []
    for m in selectors.public_meetings():
        out.append(
            PublicEntry(
                url=reverse("participation:meeting", args=[m.pk]),
                title=m.title,
                updated=_at(m.held_on),
                summary=f"{m.unit.name} · 决策会议 · {m.held_on:%Y-%m-%d}召开",
                author=m.unit.name,
            )
        )
    for a in selectors.public_activities():
        out.append(
            PublicEntry(
                url=reverse("participation:activity", args=[a.pk]),
                title=a.title,
                updated=_activity_updated(a),
                summary=f"{a.unit.name} · {a.year}年政府开放活动",
                author=a.unit.name,
            )
        )
    return out


def _surveys() -> list[PublicEntry]:
    """Questionnaires whose consultation or activity is public (the survey page's own rule); a
    survey standing alone carries no date to put in <updated> and is reached from the index."""
    out = []
    qs = Questionnaire.objects.select_related("unit", "consultation", "activity").order_by("pk")
    for q in qs:
        if q.consultation is not None:
            if not q.consultation.published:
                continue
            updated = _at(q.consultation.opens_on)
        elif q.activity is not None:
            if not q.activity.public:
                continue
            updated = _activity_updated(q.activity)
        else:
            continue
        out.append(
            PublicEntry(
                url=reverse("participation:survey", args=[q.pk]),
                title=q.title,
                updated=updated,
                summary=f"{q.unit.name} · 调查问卷",
                author=q.unit.name,
            )
        )
    return out


def entries(limit: int | None) -> list[PublicEntry]:
    """Every public participation page, newest first (``limit`` of them for the feed)."""
    out = _catalogues() + _decisions() + _consultations() + _meetings_and_activities()
    out += _surveys()
    out.sort(key=lambda e: (e.updated, e.url), reverse=True)
    return out if limit is None else out[:limit]


def section_pages() -> Iterable[str]:
    yield reverse("participation:index")
    yield reverse("participation:topics")
