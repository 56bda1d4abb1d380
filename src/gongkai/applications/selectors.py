"""Reads of disclosure requests. Anything sensitive takes the user and goes through the access
layer; public reads return only what the applicant may see, never personal data."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.applications.machine import State
from gongkai.applications.models import (
    Applicant,
    Application,
    ApplicationEvent,
    CaseFile,
    Notification,
)
from gongkai.org.access import ROLE_PERMISSIONS, Perm, can, scope_unit_ids, unit_ids_below
from gongkai.org.models import Unit, User
from gongkai.org.selectors import unit_tree

Viewer = User | AnonymousUser | None

LETTER_TITLES = {
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "consultation": "第三方意见征询函",
    "fee": "收费通知",
    "reply": "政府信息公开申请答复书",
}


def applications_visible_to(user: Viewer) -> QuerySet[Application]:
    """Cases of units where ``user`` may view applications (own unit; supervisors below)."""
    scope = scope_unit_ids(user, Perm.VIEW_APPLICATIONS)
    qs = Application.objects.select_related("unit", "assigned_unit", "assignee")
    if scope is None:
        return qs
    return qs.filter(Q(unit_id__in=scope) | Q(assigned_unit_id__in=scope))


def application_for(user: Viewer, code: str) -> Application | None:
    return applications_visible_to(user).filter(tracking_code=code).first()


def assign_units(app: Application) -> list[Unit]:
    """Where a case may be assigned (分办): the organ applied to and its internal units, in tree
    order. The organ stays the one that answers (条例第二十七条: the application is made to it);
    a case never leaves its organ's tree by assignment. The action and its form both use this."""
    ids = unit_ids_below([app.unit_id])
    return [n.unit for n in unit_tree(Unit.objects.filter(pk__in=ids))]


def may_handle_in(person: User, target: Unit, app: Application) -> bool:
    """May ``person`` be the handler (承办人) of ``app`` assigned to ``target``? An active member
    of the organ applied to or of one of its internal units, holding HANDLE (org.access) in
    ``target`` or in the organ. (A system administrator holds every permission everywhere, but
    is not a handler of another organ's cases.)"""
    return (
        person.is_active
        and person.unit_id in unit_ids_below([app.unit_id])
        and (can(person, Perm.HANDLE, target) or can(person, Perm.HANDLE, app.unit))
    )


def assign_handlers(app: Application) -> list[tuple[User, Unit | None]]:
    """Everyone who may handle ``app`` in at least one of ``assign_units``, with their own unit,
    ordered by unit (tree order) then name: the handler list of the assign form."""
    units = assign_units(app)
    order = {u.pk: i for i, u in enumerate(units)}
    roles = [r for r, perms in ROLE_PERMISSIONS.items() if Perm.HANDLE in perms]
    candidates = (
        User.objects.filter(is_active=True, unit__in=units, role_assignments__role__in=roles)
        .select_related("unit")
        .distinct()
    )
    found = [p for p in candidates if any(may_handle_in(p, u, app) for u in units)]
    found.sort(key=lambda p: (order.get(p.unit_id or 0, len(order)), p.full_name, p.username))
    return [(p, p.unit) for p in found]


def may_see_personal_data(user: Viewer, app: Application) -> bool:
    """Handling staff (HANDLE in the unit or the division) and their supervisors (REVIEW in
    scope, which reaches down the tree)."""
    for perm in (Perm.HANDLE, Perm.REVIEW):
        if can(user, perm, app.unit):
            return True
        if app.assigned_unit is not None and can(user, perm, app.assigned_unit):
            return True
    return False


def applicant_for(user: Viewer, app: Application) -> Applicant | None:
    """The applicant's personal data, or None when ``user`` may not see it."""
    if not may_see_personal_data(user, app):
        return None
    return Applicant.objects.filter(application=app).first()


def mask_name(name: str) -> str:
    """For lists: first character only (``张**``)."""
    name = name.strip()
    return (name[0] + "*" * min(max(len(name) - 1, 1), 4)) if name else ""


def applicant_names_masked(apps: list[Application]) -> dict[int, str]:
    rows = Applicant.objects.filter(application__in=apps).values_list("application_id", "name")
    return {app_id: mask_name(name) for app_id, name in rows}


def events_of(app: Application) -> list[ApplicationEvent]:
    return list(app.events.order_by("seq"))


def letters_of(app: Application) -> list[ApplicationEvent]:
    return [e for e in app.events.order_by("seq") if e.letter]


@dataclass
class CaseFilter:
    state: str = ""
    unit: str = ""
    flag: str = ""  # due_soon | overdue | late_entry | duplicate
    q: str = ""
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None


def dashboard_figures(qs: QuerySet[Application], today: datetime.date) -> dict[str, Any]:
    """The workbench dashboard's figures, each computed by the annual report's own selector
    (reports.sources), so the dashboard, the report and the statistics agree: 新收 is table 三's
    本年新收, 办结 counts by the reply date, 未办结 is the report's 结转 while the year runs,
    已超期 is sources.overdue_unanswered as of today."""
    from gongkai.applications.outcomes import full_row_label
    from gongkai.reports import sources

    year = today.year
    unanswered = sources.unanswered(qs)
    by_state: dict[str, int] = {}
    for state in unanswered.order_by().values_list("state", flat=True):
        by_state[state] = by_state.get(state, 0) + 1
    closed = sources.t3_closed(qs, year)
    outcomes: dict[str, int] = {}
    for outcome in closed.order_by().values_list("outcome", flat=True):
        row = full_row_label(outcome)
        outcomes[row] = outcomes.get(row, 0) + 1
    new = sources.t3_new(qs, year)
    return {
        "received": new.count(),
        "closed": closed.count(),
        "open": unanswered.count(),
        "due_soon": qs.filter(due_soon=True).count(),
        "overdue": sources.overdue_unanswered(qs, today).count(),
        "late_entry": new.filter(late_entry=True).count(),
        "by_state": [(State(s).label, n) for s, n in by_state.items()],
        "outcomes": sorted(outcomes.items()),
    }


def filter_applications(qs: QuerySet[Application], f: CaseFilter) -> QuerySet[Application]:
    # 未办结 and 已超期 as the dashboard and the annual report count them (reports.sources)
    from gongkai.reports import sources

    if f.state == "open":
        qs = sources.unanswered(qs)
    elif f.state:
        qs = qs.filter(state=f.state)
    if f.unit:
        qs = qs.filter(Q(unit__code=f.unit) | Q(assigned_unit__code=f.unit))
    if f.flag == "due_soon":
        qs = qs.filter(due_soon=True)
    elif f.flag == "overdue":
        qs = sources.overdue_unanswered(qs, timezone.localdate())
    elif f.flag == "late_entry":
        qs = qs.filter(late_entry=True)
    elif f.flag == "convert":
        qs = qs.filter(convert_suggested=True, convert_decided="", replied_on__isnull=False)
    elif f.flag == "duplicate":
        qs = qs.filter(duplicate_of__isnull=False)
    if f.q:
        qs = qs.filter(Q(tracking_code__icontains=f.q) | Q(information__icontains=f.q))
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    return qs


def conversion_queue(user: Viewer) -> QuerySet[Application]:
    """Replied cases suggested for proactive disclosure and not yet decided (Art. 44)."""
    return (
        applications_visible_to(user)
        .filter(convert_suggested=True, convert_decided="", replied_on__isnull=False)
        .order_by("replied_on")
    )


@dataclass
class PublicStatus:
    """What the applicant sees on the tracking page: no personal data at all."""

    tracking_code: str
    unit_name: str
    received_on: datetime.date
    state_label: str
    due_on: datetime.date | None
    paused: bool
    closed: bool
    outcome_label: str
    steps: list[tuple[datetime.date, str]] = field(default_factory=list)
    letters: list[tuple[datetime.date, str]] = field(default_factory=list)
    files: list[tuple[int, str]] = field(default_factory=list)  # released files: (id, name)
    # letters the applicant may download: (date, title, event seq)
    letter_links: list[tuple[datetime.date, str, int]] = field(default_factory=list)
    # the correction notice while a correction is awaited: what to correct and by when
    correction_what: str = ""
    correction_until: datetime.date | None = None
    correction_open: bool = False  # the applicant may still submit the correction online
    provisional: bool = False  # the deadline depends on a year whose calendar is not loaded


PUBLIC_STEP_KINDS = {
    "received": "收到申请",
    "register": "登记受理",
    "request_correction": "已发出补正告知书",
    "receive_correction": "收到补正材料",
    "correction_lapsed": "逾期未补正，视为放弃申请",
    "start_consultation": "征求意见中（暂停计时）",
    "end_consultation": "恢复计时",
    "extend": "延期答复",
    "fee_notice": "已发出收费通知",
    "fee_paid": "已缴费",
    "fee_lapsed": "逾期未缴费，视为放弃申请",
    "ask_reasons": "要求说明申请理由",
    "set_later_date": "确定延后答复日期",
    "send_reply": "已出具答复书",
    "deliver": "已送达",
    "archive": "办结归档",
    "withdraw": "已撤回",
}


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum()).upper()


def public_status(code: str, secret: str) -> PublicStatus | None:
    """Tracking code plus the phone number or the last 4 characters of the ID number."""
    app = (
        Application.objects.select_related("unit")
        .filter(tracking_code=code.strip().upper())
        .first()
    )
    if app is None or not secret.strip():
        return None
    person = Applicant.objects.filter(application=app).first()
    if person is None:
        return None
    given = _digits(secret)
    phone_ok = bool(person.phone) and given == _digits(person.phone)
    id_ok = len(given) == 4 and bool(person.id_number) and _digits(person.id_number)[-4:] == given
    if not (phone_ok or id_ok):
        return None
    return public_status_of(app)


def public_status_for_session(code: str) -> PublicStatus | None:
    """The status of a case whose applicant proved, in this browser session, that they are
    the applicant (the view checks the session; here only the code)."""
    app = Application.objects.select_related("unit").filter(tracking_code=code).first()
    return public_status_of(app) if app is not None else None


def released_download_name(app: Application, case_file: CaseFile, n: int) -> str:
    """A released file's name as the applicant gets it: the case, a number and what the file is.
    An upload name that says nothing (a scanner's ``scan_0001.pdf``, a camera's ``IMG_2041.jpg``:
    no Chinese in it) gives way to what staff wrote the file is (its note, up to the first comma
    or bracket), else “提供的政府信息”."""
    from gongkai.documents.attachments import extension

    ext = extension(case_file.name) or "pdf"
    stem = case_file.name[: -len(ext) - 1] if case_file.name.endswith(f".{ext}") else ""
    if not re.search(r"[\u4e00-\u9fff]", stem):
        stem = re.split(r"[，,。；;（(]", case_file.note or "")[0]
    what = re.sub(r"[\\/:*?\"<>|\s]+", "", stem)[:60] or "提供的政府信息"
    return f"{app.tracking_code}-{n}-{what}.{ext}"


def public_status_of(app: Application) -> PublicStatus:
    events = events_of(app)
    asked = next((e for e in reversed(events) if e.kind == "request_correction"), None)
    until = (
        datetime.date.fromisoformat(str(asked.data["until"]))
        if asked is not None and asked.data.get("until")
        else None
    )
    waiting = app.state == State.CORRECTION
    released = list(app.files.filter(kind="released").order_by("pk"))
    return PublicStatus(
        tracking_code=app.tracking_code,
        unit_name=app.unit.name,
        received_on=app.received_on,
        state_label=State(app.state).label,
        due_on=app.due_on,
        paused=app.clock_paused,
        closed=app.state == State.CLOSED,
        outcome_label=app.get_outcome_display() if app.state == State.CLOSED else "",
        steps=[(e.on, PUBLIC_STEP_KINDS[e.kind]) for e in events if e.kind in PUBLIC_STEP_KINDS],
        letters=[(e.on, LETTER_TITLES[e.letter]) for e in events if e.letter],
        files=[(f.pk, released_download_name(app, f, i)) for i, f in enumerate(released, start=1)],
        letter_links=[(e.on, LETTER_TITLES[e.letter], e.seq) for e in events if e.letter],
        correction_what=str(asked.data.get("what", "")) if asked is not None and waiting else "",
        correction_until=until if waiting else None,
        correction_open=waiting and (until is None or timezone.localdate() <= until),
        provisional=app.due_provisional and app.state != State.CLOSED,
    )


def notifications_for(user: Viewer, limit: int = 20) -> list[Notification]:
    """The reminders the daily job sent to ``user`` (newest first)."""
    if not isinstance(user, User):
        return []
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("application")
        .order_by("-created_at")[:limit]
    )
