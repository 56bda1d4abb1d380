"""API: public reads of the 重大行政决策 section (/api/public/participation: catalogues,
decisions with their stage, consultations with the published comments — never a name or a
contact) and staff actions (/api/participation) through the same services as the pages."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from gongkai.api import requires
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import User
from gongkai.participation import selectors, services

public_router = Router(tags=["公开"])
staff_router = Router(tags=["公众参与"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class ItemOut(Schema):
    number: int
    name: str
    lead_unit: str
    legal_basis: str
    planned_timing: str
    hearing: bool
    expert_review: bool
    risk_assessment: bool
    withdrawn: bool


class CatalogueOut(Schema):
    id: int
    unit: str
    year: int
    published_on: datetime.date
    items: list[ItemOut]
    adjustments: list[str]


@public_router.get("/catalogues", response=list[CatalogueOut], summary="重大行政决策事项目录")
def public_catalogues(request: HttpRequest, year: int | None = None) -> Any:
    qs = selectors.public_catalogues().prefetch_related("items", "adjustments")
    if year:
        qs = qs.filter(year=year)
    return [
        {
            "id": c.pk,
            "unit": c.unit.name,
            "year": c.year,
            "published_on": c.published_on,
            "items": list(c.items.all()),
            "adjustments": [f"{a.on_date:%Y-%m-%d} {a.description}" for a in c.adjustments.all()],
        }
        for c in qs[:200]
    ]


class DecisionOut(Schema):
    id: int
    unit: str
    year: int
    title: str
    stage: str
    stage_label: str
    result_document: int | None
    result_published_on: datetime.date | None
    report_due: datetime.date | None
    report_published_on: datetime.date | None
    url: str


def _decision_out(d: Any) -> dict[str, Any]:
    from django.urls import reverse

    stage = selectors.decision_stage(d)
    published = selectors.result_published_on(d)
    return {
        "id": d.pk,
        "unit": d.unit.name,
        "year": d.year,
        "title": d.title,
        "stage": stage,
        "stage_label": selectors.stage_label(stage),
        "result_document": d.result_document_id if published else None,
        "result_published_on": published,
        "report_due": selectors.report_due(d),
        "report_published_on": d.report_published_on,
        "url": reverse("participation:decision", args=[d.pk]),
    }


@public_router.get("/decisions", response=list[DecisionOut], summary="重大行政决策事项")
def public_decisions(request: HttpRequest) -> Any:
    return [_decision_out(d) for d in selectors.public_decisions()[:500]]


class DecisionDetailOut(DecisionOut):
    background: str
    report: str
    consultations: list[int]


@public_router.get("/decisions/{decision_id}", response=DecisionDetailOut, summary="决策事项详情")
def public_decision(request: HttpRequest, decision_id: int) -> Any:
    d = selectors.public_decision(decision_id)
    if d is None:
        raise HttpError(404, "没有这个决策事项")
    return {
        **_decision_out(d),
        "background": d.background,
        "report": d.report_text,
        "consultations": [c.pk for c in d.consultations.all() if c.published],
    }


class SectionOut(Schema):
    number: int
    heading: str
    text: str


class CommentOut(Schema):
    section: int | None
    text: str
    answer: str
    reason: str
    theme: str


class ConsultationOut(Schema):
    id: int
    unit: str
    title: str
    opens_on: datetime.date
    closes_on: datetime.date
    days: int
    short_reason: str
    interpretation: str
    sections: list[SectionOut]
    comments: list[CommentOut]


@public_router.get("/consultations/{consultation_id}", response=ConsultationOut, summary="征求意见")
def public_consultation(request: HttpRequest, consultation_id: int) -> Any:
    c = selectors.public_consultation(consultation_id)
    if c is None:
        raise HttpError(404, "没有这个征求意见")
    return {
        "id": c.pk,
        "unit": c.unit.name,
        "title": c.title,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "days": c.duration_days,
        "short_reason": c.short_reason,
        "interpretation": c.interpretation,
        "sections": list(c.sections.all()),
        "comments": [
            {
                "section": x.section.number if x.section else None,
                "text": x.published_text,
                "answer": x.get_answer_display() if x.answer else "",
                "reason": x.reason,
                "theme": x.theme.title if x.theme else "",
            }
            for x in selectors.published_comments(c)
        ],
    }


# --- staff --------------------------------------------------------------------------------------


@staff_router.get(
    "/decisions", response=list[DecisionOut], auth=django_auth, summary="本单位决策事项"
)
@requires(Perm.HANDLE)
def staff_decisions(request: HttpRequest) -> Any:
    return [_decision_out(d) for d in selectors.decisions_visible_to(_user(request))[:500]]


class FigureOut(Schema):
    unit: str
    year: int
    catalogue: str
    consultations: int
    consultation_days_min: int | None
    reports_on_time: int
    reports_late: int
    reports_missing: int
    meetings: int
    meetings_target: int
    activities: int
    activities_target: int
    annual_report_paragraph: str


@staff_router.get("/figures", response=list[FigureOut], auth=django_auth, summary="年度统计")
@requires(Perm.VIEW_STATISTICS)
def staff_figures(request: HttpRequest, year: int | None = None) -> Any:
    year = year or selectors.today().year
    units = [
        u for u in units_visible_to(_user(request), Perm.VIEW_STATISTICS) if u.kind != "division"
    ]
    out = []
    for f in selectors.figures_for_units(units, year):
        out.append(
            {
                "unit": f.unit.name,
                "year": year,
                "catalogue": f.catalogue.label if f.catalogue else "未到期",
                "consultations": f.consultations,
                "consultation_days_min": f.consultation_days_min,
                "reports_on_time": f.reports_on_time,
                "reports_late": f.reports_late,
                "reports_missing": f.reports_missing,
                "meetings": f.meetings,
                "meetings_target": f.meetings_target,
                "activities": f.activities,
                "activities_target": f.activities_target,
                "annual_report_paragraph": selectors.annual_report_paragraph(f.unit, year),
            }
        )
    return out


class AnswerIn(Schema):
    version: int
    answer: str = ""
    reason: str = ""
    theme: int | None = None


class DoneOut(Schema):
    id: int
    version: int


@staff_router.post(
    "/comments/{comment_id}/answer", response=DoneOut, auth=django_auth, summary="答复意见"
)
@requires(Perm.HANDLE)
def staff_answer(request: HttpRequest, comment_id: int, payload: AnswerIn) -> Any:
    from gongkai.participation.models import Comment

    user = _user(request)
    ids = selectors.staff_unit_ids(user)
    c = Comment.objects.filter(pk=comment_id).select_related("consultation").first()
    if c is None or (ids is not None and c.consultation.unit_id not in ids):
        raise HttpError(404, "没有这条意见，或不在您的管理范围内")
    done = services.comment_answer(
        actor=user,
        comment_id=c.pk,
        version=payload.version,
        answer=payload.answer,
        reason=payload.reason,
        theme_id=payload.theme,
    )
    return {"id": done.pk, "version": done.version}


class VersionIn(Schema):
    version: int


@staff_router.post(
    "/decisions/{decision_id}/report",
    response=DoneOut,
    auth=django_auth,
    summary="公布意见收集和采纳情况",
)
@requires(Perm.REVIEW)
def staff_report(request: HttpRequest, decision_id: int, payload: VersionIn) -> Any:
    user = _user(request)
    d = selectors.decisions_visible_to(user).filter(pk=decision_id).first()
    if d is None:
        raise HttpError(404, "没有这个决策事项，或不在您的管理范围内")
    done = services.decision_publish_report(actor=user, decision_id=d.pk, version=payload.version)
    return {"id": done.pk, "version": done.version}
