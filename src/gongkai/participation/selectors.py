"""Reads of participation: the public sets (published only, no personal data), the staff sets
(scoped to the user's units), the due dates and the yearly figures. Every number shown anywhere
(supervision page, to-do list, annual-report paragraph, API) comes from a function here."""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_noop

from gongkai.documents.selectors import public_documents
from gongkai.org.access import Perm, scope_unit_ids
from gongkai.org.models import Unit, User
from gongkai.participation import rules
from gongkai.participation.models import (
    Catalogue,
    Comment,
    Consultation,
    Decision,
    Meeting,
    OpenActivity,
    PubState,
    QuestionKind,
    Questionnaire,
    Registration,
    RegState,
    TopicProposal,
    TopicVote,
    UnitTarget,
)
from gongkai.workdays.counting import add_working_days, working_days_between
from gongkai.workdays.selectors import load_calendar


def today() -> datetime.date:
    return timezone.localdate()


# --- due dates --------------------------------------------------------------------------------


def catalogue_due(year: int) -> datetime.date:
    """The year's catalogue is public by 31 March of that year (rules.CATALOGUE_DUE)."""
    month, day = rules.CATALOGUE_DUE
    return datetime.date(year, month, day)


def consultation_min_close(opens_on: datetime.date) -> datetime.date:
    """The earliest closing date without a recorded reason (713号 Art. 14: ≥ 30 days; the
    opening day not counted, 民法典 Art. 201)."""
    return opens_on + datetime.timedelta(days=rules.CONSULTATION_MIN_DAYS)


def result_published_on(decision: Decision) -> datetime.date | None:
    """The publication date of the decision document, once it is public."""
    if decision.result_document_id is None:
        return None
    doc = public_documents().filter(pk=decision.result_document_id).first()
    return doc.published_on if doc is not None else None


def report_due(decision: Decision) -> datetime.date | None:
    """The 意见采纳情况 report is due 10 working days after the decision document is published
    (rules.ADOPTION_REPORT_WORKING_DAYS), on the project's calendar; None until it is."""
    published = result_published_on(decision)
    if published is None:
        return None
    return add_working_days(load_calendar(), published, rules.ADOPTION_REPORT_WORKING_DAYS).end


@dataclass(frozen=True)
class Timeliness:
    due: datetime.date | None
    state: str  # "none" | "open" | "due_soon" | "overdue" | "on_time" | "late"

    @property
    def label(self) -> str:
        return {
            "none": "未到期",
            "open": "办理中",
            "due_soon": "即将到期",
            "overdue": "已逾期",
            "on_time": "按时公布",
            "late": "逾期公布",
        }[self.state]


def _timeliness(
    due: datetime.date | None, done: datetime.date | None, on: datetime.date
) -> Timeliness:
    if due is None:
        return Timeliness(None, "none")
    if done is not None:
        return Timeliness(due, "on_time" if done <= due else "late")
    if on > due:
        return Timeliness(due, "overdue")
    left, _ = working_days_between(load_calendar(), on, due)
    return Timeliness(due, "due_soon" if left <= rules.DUE_SOON_WORKING_DAYS else "open")


def report_timeliness(decision: Decision, on: datetime.date | None = None) -> Timeliness:
    return _timeliness(report_due(decision), decision.report_published_on, on or today())


def catalogue_timeliness(catalogue: Catalogue, on: datetime.date | None = None) -> Timeliness:
    return _timeliness(catalogue_due(catalogue.year), catalogue.published_on, on or today())


# --- stages -----------------------------------------------------------------------------------

STAGES = (
    ("planned", gettext_noop("列入目录")),
    ("consulting", gettext_noop("征求意见中")),
    ("deciding", gettext_noop("意见处理中")),
    ("decided", gettext_noop("已作出决策")),
    ("reported", gettext_noop("已公开采纳情况")),
)


def decision_stage(decision: Decision, on: datetime.date | None = None) -> str:
    on = on or today()
    if decision.report_published_on:
        return "reported"
    if result_published_on(decision):
        return "decided"
    consultations = [c for c in decision.consultations.all() if c.published]
    if any(c.opens_on <= on <= c.closes_on for c in consultations):
        return "consulting"
    if consultations and all(c.closes_on < on for c in consultations):
        return "deciding"
    return "planned"


def stage_label(stage: str) -> str:
    return dict(STAGES)[stage]


# --- public reads (never personal data) -------------------------------------------------------


def public_catalogues() -> QuerySet[Catalogue]:
    return (
        Catalogue.objects.filter(published_on__isnull=False)
        .select_related("unit")
        .order_by("-year", "unit__code")
    )


def public_catalogue(pk: int) -> Catalogue | None:
    return public_catalogues().filter(pk=pk).first()


def public_decisions() -> QuerySet[Decision]:
    return (
        Decision.objects.filter(public=True)
        .select_related("unit", "item")
        .prefetch_related("consultations")
    )


def public_decision(pk: int) -> Decision | None:
    return public_decisions().filter(pk=pk).first()


def decisions_by_stage(on: datetime.date | None = None) -> list[tuple[str, str, list[Decision]]]:
    groups: dict[str, list[Decision]] = {key: [] for key, _ in STAGES}
    for d in public_decisions():
        groups[decision_stage(d, on)].append(d)
    return [(key, label, groups[key]) for key, label in STAGES]


def decisions_for_document(document_id: int) -> list[Decision]:
    """Public decisions whose result is this document (the document page's block)."""
    return list(public_decisions().filter(result_document_id=document_id))


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(published=True).select_related("unit", "decision")


def public_consultation(pk: int) -> Consultation | None:
    return public_consultations().filter(pk=pk).first()


def published_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Only what a moderator published, the masked text; never the name or contact."""
    return (
        Comment.objects.filter(consultation=consultation, state=PubState.PUBLISHED)
        .select_related("section", "theme")
        .only(
            "pk",
            "published_text",
            "submitted_at",
            "section__number",
            "theme__title",
            "answer",
            "reason",
            "consultation_id",
        )
    )


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(held=True).select_related("unit").prefetch_related("decisions")


def public_activities() -> QuerySet[OpenActivity]:
    return OpenActivity.objects.filter(public=True).select_related("unit")


def published_topics(unit: Unit | None = None) -> QuerySet[TopicProposal]:
    qs = TopicProposal.objects.filter(state=PubState.PUBLISHED).select_related("unit")
    return qs.filter(unit=unit) if unit is not None else qs


# The key of the digests a topic vote keeps (models.TopicVote): changing it forgets who voted.
VOTE_SALT = "gongkai.participation.topic_vote"


def voting_network(address: str) -> str:
    """What counts as one address: an IPv4 address as it is; an IPv6 address by its /64 (a
    household or a phone is given a whole /64 and may pick any address in it)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def vote_key(topic_id: int, kind: str, value: str) -> str:
    """A keyed digest (HMAC-SHA256 with the site's secret) of ``value`` for one topic: it cannot
    be turned back into an address without the secret, nor matched across topics."""
    return salted_hmac(VOTE_SALT, f"{kind}:{topic_id}:{value}", algorithm="sha256").hexdigest()


def topics_voted(topic_ids: list[int], *, address: str, browser_id: str = "") -> set[int]:
    """Which of ``topic_ids`` this visitor (address or browser) has voted on."""
    network = voting_network(address)
    keys = {vote_key(t, "address", network) for t in topic_ids}
    query = Q(address_key__in=keys)
    if browser_id:
        query |= Q(browser_key__in={vote_key(t, "browser", browser_id) for t in topic_ids})
    return set(
        TopicVote.objects.filter(query, topic_id__in=topic_ids).values_list("topic_id", flat=True)
    )


@dataclass
class QuestionResult:
    number: int
    text: str
    kind: str
    counts: list[tuple[str, int]]  # choice → count (choice questions), score → count (scale)
    average: float | None
    texts: list[str]  # published free text only


def questionnaire_results(q: Questionnaire) -> list[QuestionResult]:
    """Aggregated results: counts per choice, the scale's average, published free text."""
    out = []
    for question in q.questions.all():
        answers = list(question.answers.all())
        counts: list[tuple[str, int]] = []
        average = None
        texts: list[str] = []
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            counts = [(c, sum(1 for a in answers if c in a.choices)) for c in question.choices]
        elif question.kind == QuestionKind.SCALE:
            scores = [a.scale for a in answers if a.scale]
            counts = [(str(s), scores.count(s)) for s in range(1, 6)]
            average = round(sum(scores) / len(scores), 2) if scores else None
        else:
            texts = [a.published_text for a in answers if a.state == PubState.PUBLISHED]
        out.append(
            QuestionResult(question.number, question.text, question.kind, counts, average, texts)
        )
    return out


# --- staff reads ------------------------------------------------------------------------------


def staff_unit_ids(user: User) -> set[int] | None:
    """Units where the user handles or reviews participation (None: every unit)."""
    handle = scope_unit_ids(user, Perm.HANDLE)
    review = scope_unit_ids(user, Perm.REVIEW)
    if handle is None or review is None:
        return None
    return handle | review


def _scoped(qs: QuerySet, user: User):  # type: ignore[no-untyped-def]
    ids = staff_unit_ids(user)
    return qs if ids is None else qs.filter(unit_id__in=ids)


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    return _scoped(Decision.objects.select_related("unit", "result_document"), user)


def consultations_visible_to(user: User) -> QuerySet[Consultation]:
    return _scoped(Consultation.objects.select_related("unit", "decision"), user)


def catalogues_visible_to(user: User) -> QuerySet[Catalogue]:
    return _scoped(Catalogue.objects.select_related("unit"), user)


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    return _scoped(Meeting.objects.select_related("unit"), user)


def activities_visible_to(user: User) -> QuerySet[OpenActivity]:
    return _scoped(OpenActivity.objects.select_related("unit"), user)


def registrations_for_staff(user: User, activity: OpenActivity) -> QuerySet[Registration]:
    ids = staff_unit_ids(user)
    if ids is not None and activity.unit_id not in ids:
        return Registration.objects.none()
    return Registration.objects.filter(session__activity=activity).select_related("session")


# --- yearly figures (supervision page, annual report, API) ------------------------------------


def meetings_target(unit: Unit) -> int:
    t = UnitTarget.objects.filter(unit=unit).first()
    return t.meetings if t else rules.REPRESENTATIVE_MEETINGS_TARGET


def activities_target(unit: Unit) -> int:
    t = UnitTarget.objects.filter(unit=unit).first()
    return t.open_activities if t else rules.OPEN_ACTIVITIES_TARGET


@dataclass
class YearFigures:
    unit: Unit
    year: int
    catalogue: Timeliness | None  # None: no catalogue recorded
    consultations: int
    consultation_days_min: int | None
    consultation_days_avg: float | None
    reports_on_time: int
    reports_late: int
    reports_missing: int  # overdue and still not published
    reports_pending: int  # decided, not yet due
    meetings: int  # held, with at least one representative present
    meetings_target: int
    activities: int
    activities_target: int
    open_month_activities: int


def year_figures(unit: Unit, year: int, on: datetime.date | None = None) -> YearFigures:
    on = on or today()
    cat = Catalogue.objects.filter(unit=unit, year=year).first()
    if cat is not None:
        cat_t: Timeliness | None = catalogue_timeliness(cat, on)
    elif on > catalogue_due(year):
        cat_t = Timeliness(catalogue_due(year), "overdue")
    else:
        cat_t = None
    cons = list(Consultation.objects.filter(unit=unit, published=True, opens_on__year=year))
    durations = [c.duration_days for c in cons]
    on_time = late = missing = pending = 0
    for d in Decision.objects.filter(unit=unit, result_document__isnull=False):
        published = result_published_on(d)
        if published is None or published.year != year:
            continue
        t = report_timeliness(d, on)
        if t.state == "on_time":
            on_time += 1
        elif t.state == "late":
            late += 1
        elif t.state == "overdue":
            missing += 1
        else:
            pending += 1
    meetings = (
        Meeting.objects.filter(unit=unit, held=True, held_on__year=year)
        .annotate(n=Count("representatives", filter=Q(representatives__attended=True)))
        .filter(n__gt=0)
    )
    activities = OpenActivity.objects.filter(
        unit=unit, year=year, summary_published_on__isnull=False
    )
    open_month = sum(
        1
        for a in activities.prefetch_related("sessions")
        if any(timezone.localtime(s.starts_at).month == rules.OPEN_MONTH for s in a.sessions.all())
    )
    return YearFigures(
        unit=unit,
        year=year,
        catalogue=cat_t,
        consultations=len(cons),
        consultation_days_min=min(durations) if durations else None,
        consultation_days_avg=round(sum(durations) / len(durations), 1) if durations else None,
        reports_on_time=on_time,
        reports_late=late,
        reports_missing=missing,
        reports_pending=pending,
        meetings=meetings.count(),
        meetings_target=meetings_target(unit),
        activities=activities.count(),
        activities_target=activities_target(unit),
        open_month_activities=open_month,
    )


def annual_report_paragraph(unit: Unit, year: int) -> str:
    """A suggested paragraph for the annual report's part 六 (其他需要报告的事项), from the same
    figures as the supervision page. The report's editor copies and adapts it."""
    f = year_figures(unit, year, on=datetime.date(year, 12, 31))
    parts = []
    if f.catalogue is None or f.catalogue.state == "overdue":
        parts.append(f"{year}年度重大行政决策事项目录尚未公开")
    elif f.catalogue.state == "late":
        parts.append(f"{year}年度重大行政决策事项目录已公开（晚于3月31日）")
    else:
        parts.append(f"于3月31日前公开{year}年度重大行政决策事项目录")
    if f.consultations:
        parts.append(
            f"对{f.consultations}件决策草案公开征求意见，征求意见期平均{f.consultation_days_avg}日"
        )
    reports = f.reports_on_time + f.reports_late
    if reports or f.reports_missing:
        text = f"公开意见收集和采纳情况{reports}件，其中按时公开{f.reports_on_time}件"
        if f.reports_missing:
            text += f"，逾期未公开{f.reports_missing}件"
        parts.append(text)
    parts.append(f"邀请公众代表列席决策会议{f.meetings}次（目标{f.meetings_target}次）")
    parts.append(f"举办政府开放活动{f.activities}次（目标{f.activities_target}次）")
    return f"{f.unit.name}" + "；".join(parts) + "。"


def figures_for_units(units: Sequence[Unit], year: int) -> list[YearFigures]:
    return [year_figures(u, year) for u in units]


def waiting_count(session_id: int) -> int:
    return Registration.objects.filter(session_id=session_id, state=RegState.WAITING).count()
