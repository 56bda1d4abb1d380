"""The disclosure-request API: every action of the case page, with the same checks.

Staff routes (session auth + CSRF) under /api/applications; the public routes (apply, track)
under /api/public/applications return no personal data."""

# No `from __future__ import annotations`: ninja reads these signatures through `requires`.

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.security import django_auth

from gongkai.api import requires
from gongkai.applications.followup import application_convert_decide, relief_record
from gongkai.applications.machine import TRANSITIONS, State, actions_from
from gongkai.applications.models import Application
from gongkai.applications.outcomes import full_row_label
from gongkai.applications.selectors import (
    CaseFilter,
    applicant_for,
    application_for,
    applications_visible_to,
    conversion_queue,
    events_of,
    filter_applications,
    public_status,
)
from gongkai.applications.services import (
    application_act,
    application_register_paper,
    application_submit_online,
    case_clock,
    may_act,
)
from gongkai.core.api_errors import call_service as _call
from gongkai.core.bounds import DbId, Limit, Required
from gongkai.org.access import Perm
from gongkai.org.models import Unit, User

router = Router(tags=["依申请公开"])
public_router = Router(tags=["公开"])


class CaseOut(Schema):
    tracking_code: str
    unit: str
    assigned_unit: str | None
    applicant_type: str
    channel: str
    received_on: datetime.date
    state: str
    state_label: str
    due_on: datetime.date | None
    due_soon: bool
    overdue: bool
    paused: bool
    late_entry: bool
    outcome: str
    report_row: str
    version: int


def _case(app: Application) -> dict[str, Any]:
    return {
        "tracking_code": app.tracking_code,
        "unit": app.unit.code,
        "assigned_unit": app.assigned_unit.code if app.assigned_unit else None,
        "applicant_type": app.applicant_type,
        "channel": app.channel,
        "received_on": app.received_on,
        "state": app.state,
        "state_label": State(app.state).label,
        "due_on": app.due_on,
        "due_soon": app.due_soon,
        "overdue": app.overdue,
        "paused": app.clock_paused,
        "late_entry": app.late_entry,
        "outcome": app.outcome,
        "report_row": full_row_label(app.outcome) if app.outcome else "",
        "version": app.version,
    }


class EventOut(Schema):
    seq: int
    kind: str
    label: str
    actor: str
    at: datetime.datetime
    on: datetime.date
    state_after: str
    letter: str


class ApplicantOut(Schema):
    name: str
    id_type: str
    id_number: str
    phone: str
    email: str
    address: str


class ReliefOut(Schema):
    id: int
    kind: str
    filed_on: datetime.date
    body: str
    outcome: str
    decided_on: datetime.date | None
    note: str
    version: int


class CaseDetailOut(CaseOut):
    information: str
    deadline_explanation: list[str]
    events: list[EventOut]
    allowed_actions: list[str]
    applicant: ApplicantOut | None
    relief_cases: list[ReliefOut]


class ApplicationTransitionOut(Schema):
    action: str
    label: str
    sources: list[str]
    target: str | None
    perm: str
    basis: str


@router.get(
    "/transitions",
    response=list[ApplicationTransitionOut],
    auth=django_auth,
    summary="办理流程（状态机）",
)
@requires(Perm.VIEW_APPLICATIONS)
def transitions(request: HttpRequest) -> Any:
    return [
        {
            "action": t.action,
            "label": t.label,
            "sources": [s.value for s in t.sources],
            "target": t.target.value if t.target else None,
            "perm": t.perm.value,
            "basis": t.basis,
        }
        for t in TRANSITIONS.values()
    ]


class ConvertQueueOut(Schema):
    tracking_code: str
    replied_on: datetime.date
    decide_by: datetime.date
    information: str


@router.get(
    "/conversion-queue", response=list[ConvertQueueOut], auth=django_auth, summary="待转主动公开"
)
@requires(Perm.VIEW_APPLICATIONS)
def convert_queue(request: HttpRequest) -> Any:
    from gongkai import statute

    return [
        {
            "tracking_code": a.tracking_code,
            "replied_on": a.replied_on,
            "decide_by": a.replied_on + datetime.timedelta(days=statute.CONVERT_TO_PROACTIVE_DAYS),
            "information": a.information,
        }
        for a in conversion_queue(request.user)
        if a.replied_on is not None
    ]


class ListQuery(Schema):
    state: str = ""
    unit: str = ""
    flag: str = ""
    q: str = ""
    limit: Limit = 100


@router.get("", response=list[CaseOut], auth=django_auth, summary="申请列表")
@requires(Perm.VIEW_APPLICATIONS)
def list_cases(request: HttpRequest, q: Query[ListQuery]) -> Any:
    flt = CaseFilter(state=q.state, unit=q.unit, flag=q.flag, q=q.q)
    qs = filter_applications(applications_visible_to(request.user), flt)
    return [_case(a) for a in qs[: q.limit]]


def _detail(user: User, app: Application) -> dict[str, Any]:
    person = applicant_for(user, app)
    clock = None if app.imported and app.state == State.CLOSED else case_clock(app)
    return {
        **_case(app),
        "information": app.information,
        "deadline_explanation": clock.lines if clock else [],
        "events": [
            {
                "seq": e.seq,
                "kind": e.kind,
                "label": e.label,
                "actor": e.actor_label,
                "at": e.at,
                "on": e.on,
                "state_after": e.state_after,
                "letter": e.letter,
            }
            for e in events_of(app)
        ],
        "allowed_actions": [
            t.action
            for t in actions_from(app.state, set(app.events.values_list("kind", flat=True)))
            if may_act(user, t.perm, app)
        ],
        "relief_cases": [
            {
                "id": r.pk,
                "kind": r.kind,
                "filed_on": r.filed_on,
                "body": r.body,
                "outcome": r.outcome,
                "decided_on": r.decided_on,
                "note": r.note,
                "version": r.version,
            }
            for r in app.relief_cases.all()
        ],
        "applicant": (
            {
                "name": person.name,
                "id_type": person.id_type,
                "id_number": person.id_number,
                "phone": person.phone,
                "email": person.email,
                "address": person.address,
            }
            if person
            else None
        ),
    }


@router.get("/{code}", response=CaseDetailOut, auth=django_auth, summary="申请详情")
@requires(Perm.VIEW_APPLICATIONS)
def case_detail(request: HttpRequest, code: str) -> Any:
    assert isinstance(request.user, User)
    app = application_for(request.user, code)
    if app is None:
        raise HttpError(404, "找不到该申请，或该申请不属于您可查看的机构。")
    return _detail(request.user, app)


class ActionIn(Schema):
    version: int
    payload: dict[str, Any] = {}


@router.post(
    "/{code}/actions/{action}", response=CaseDetailOut, auth=django_auth, summary="办理操作"
)
@requires(Perm.VIEW_APPLICATIONS)
def case_action(request: HttpRequest, code: str, action: str, body: ActionIn) -> Any:
    """Any action of the state machine (GET /transitions lists them); 409 when the version is
    stale (someone else acted first)."""
    assert isinstance(request.user, User)
    app = _call(
        application_act,
        actor=request.user,
        code=code,
        action=action,
        version=body.version,
        payload=body.payload,
    )
    return _detail(request.user, app)


class ApplicantIn(Schema):
    name: Required
    contact_person: str = ""
    id_type: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


class ApplicationIn(Schema):
    unit: Required
    applicant_type: Required
    information: Required
    provision_form: str = "paper"
    delivery_way: str = "post"
    applicant: ApplicantIn


class PaperIn(ApplicationIn):
    channel: str
    submitted: datetime.date | None = None
    signed: datetime.date | None = None
    confirmed: datetime.date | None = None


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise HttpError(400, f"机构代码“{code}”不存在")
    return unit


@router.post("", response=CaseDetailOut, auth=django_auth, summary="登记纸质申请")
@requires(Perm.HANDLE)
def register(request: HttpRequest, body: PaperIn) -> Any:
    assert isinstance(request.user, User)
    values = body.dict(exclude={"applicant", "unit", "channel", "submitted", "signed", "confirmed"})
    app = _call(
        application_register_paper,
        actor=request.user,
        unit=_unit(body.unit),
        channel=body.channel,
        values=values,
        applicant=body.applicant.dict(),
        submitted=body.submitted,
        signed=body.signed,
        confirmed=body.confirmed,
    )
    return _detail(request.user, app)


class ReliefIn(Schema):
    kind: Required
    filed_on: datetime.date
    outcome: str = "pending"
    body: str = ""
    decided_on: datetime.date | None = None
    note: str = ""
    relief_id: int | None = None
    # Required with ``relief_id``: the record's version as read (case detail); 409 when stale.
    version: int | None = None


class OkOut(Schema):
    ok: bool
    id: int | None = None
    version: int | None = None


@router.post("/{code}/relief", response=OkOut, auth=django_auth, summary="登记复议诉讼")
@requires(Perm.HANDLE)
def relief(request: HttpRequest, code: str, body: ReliefIn) -> Any:
    case = _call(relief_record, actor=request.user, code=code, **body.dict())
    return {"ok": True, "id": case.pk, "version": case.version}


class ConvertIn(Schema):
    decision: Required
    note: str = ""


@router.post("/{code}/convert", response=OkOut, auth=django_auth, summary="转主动公开处理")
@requires(Perm.HANDLE)
def convert(request: HttpRequest, code: str, body: ConvertIn) -> Any:
    _call(application_convert_decide, actor=request.user, code=code, **body.dict())
    return {"ok": True}


@router.get("/{code}/letters/{seq}/{fmt}", auth=django_auth, summary="下载文书（docx 或 pdf）")
@requires(Perm.VIEW_APPLICATIONS)
def letter(request: HttpRequest, code: str, seq: DbId, fmt: str) -> HttpResponse:
    from gongkai.applications.letters import letter_for_event, render_docx, render_pdf

    app = application_for(request.user, code)
    if app is None or applicant_for(request.user, app) is None:
        raise HttpError(404, "找不到该文书，或您无权查看。")
    event = app.events.filter(seq=seq).exclude(letter="").first()
    if event is None or fmt not in {"docx", "pdf"}:
        raise HttpError(404, "找不到该文书（格式为 docx 或 pdf）。")
    content = letter_for_event(app, event)
    if fmt == "pdf":
        response = HttpResponse(render_pdf(content), content_type="application/pdf")
    else:
        response = HttpResponse(
            render_docx(content),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="{code}-{seq}-{event.letter}.{fmt}"'
    return response


class FileOut(Schema):
    id: int
    kind: str
    name: str
    sha256: str
    size: int


@router.post("/{code}/files", response=FileOut, auth=django_auth, summary="上传案件文件")
@requires(Perm.HANDLE)
def upload_file(
    request: HttpRequest, code: str, kind: Form[str], file: File[UploadedFile], note: Form[str] = ""
) -> Any:
    from gongkai.applications.files import casefile_add

    case_file = _call(
        casefile_add,
        actor=request.user,
        code=code,
        kind=kind,
        name=file.name or "file",
        data=file.read(),
        note=note,
    )
    return {
        "id": case_file.pk,
        "kind": case_file.kind,
        "name": case_file.name,
        "sha256": case_file.sha256,
        "size": case_file.size,
    }


# --- public ------------------------------------------------------------------------------------
class SubmittedOut(Schema):
    tracking_code: str
    received_on: datetime.date
    due_on: datetime.date | None


@public_router.post("", response=SubmittedOut, summary="提交政府信息公开申请（无需账号）")
def public_submit(request: HttpRequest, body: ApplicationIn) -> Any:
    from gongkai.applications import conf
    from gongkai.applications.public_views import _over_limit

    if _over_limit(request, "apply", conf.submissions_per_hour()):
        raise HttpError(429, "同一网络地址一小时内提交的申请过多，请稍后再试。")
    values = body.dict(exclude={"applicant", "unit"})
    app = _call(
        application_submit_online,
        unit=_unit(body.unit),
        values=values,
        applicant=body.applicant.dict(),
    )
    return {
        "tracking_code": app.tracking_code,
        "received_on": app.received_on,
        "due_on": app.due_on,
    }


class TrackIn(Schema):
    code: Required
    secret: Required


class TrackOut(Schema):
    tracking_code: str
    unit_name: str
    received_on: datetime.date
    state_label: str
    due_on: datetime.date | None
    paused: bool
    closed: bool
    outcome_label: str
    steps: list[tuple[datetime.date, str]]
    letters: list[tuple[datetime.date, str]]


@public_router.post("/track", response=TrackOut, summary="查询申请办理进度")
def public_track(request: HttpRequest, body: TrackIn) -> Any:
    from gongkai.applications.public_views import _over_limit

    if _over_limit(request, "track", 60):
        raise HttpError(429, "查询过于频繁，请稍后再试。")
    status = public_status(body.code, body.secret)
    if status is None:
        raise HttpError(404, "查询码与联系电话（或证件号码后 4 位）不匹配，请核对后重试。")
    return status
