"""Staff pages for disclosure requests. Thin: reads via selectors, writes via services."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.applications.files import casefile_add
from gongkai.applications.followup import (
    CONVERT_DECISIONS,
    application_convert_decide,
    applications_export_record,
    letter_template_save,
    relief_record,
)
from gongkai.applications.forms import (
    ACTION_FIELDS,
    DATED_ACTIONS,
    CaseFileForm,
    PaperRegistrationForm,
    ReliefForm,
)
from gongkai.applications.machine import TRANSITIONS, State, actions_from
from gongkai.applications.models import Application
from gongkai.applications.outcomes import OUTCOME_RULES, Outcome, applicant_column, full_row_label
from gongkai.applications.selectors import (
    LETTER_TITLES,
    CaseFilter,
    applicant_for,
    applicant_names_masked,
    application_for,
    applications_visible_to,
    assign_handlers,
    assign_units,
    conversion_queue,
    dashboard_figures,
    events_of,
    filter_applications,
    notifications_for,
)
from gongkai.applications.services import (
    application_act,
    application_register_paper,
    case_clock,
    may_act,
)
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.core.redirects import safe_next
from gongkai.core.spreadsheet import csv_text, new_workbook, xlsx_bytes
from gongkai.core.views import staff_view
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import Unit, User


def _filter_from(request: HttpRequest) -> CaseFilter:
    def day(key: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(request.GET.get(key, ""))
        except ValueError:
            return None

    return CaseFilter(
        state=request.GET.get("state", ""),
        unit=request.GET.get("unit", ""),
        flag=request.GET.get("flag", ""),
        q=request.GET.get("q", "").strip(),
        received_from=day("from"),
        received_to=day("to"),
    )


@staff_view(Perm.VIEW_APPLICATIONS)
def case_list(request: HttpRequest) -> HttpResponse:
    f = _filter_from(request)
    qs = filter_applications(applications_visible_to(request.user), f)
    rows = list(qs[:300])
    names = applicant_names_masked(rows)
    for row in rows:
        row.masked_name = names.get(row.pk, "")  # type: ignore[attr-defined]
    return render(
        request,
        "applications/list.html",
        {
            "rows": rows,
            "f": f,
            "states": State.choices,
            "units": units_visible_to(request.user, Perm.VIEW_APPLICATIONS),
            "query": request.GET.urlencode(),
            "notifications": notifications_for(request.user),
        },
    )


@staff_view(Perm.VIEW_APPLICATIONS)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    figures = dashboard_figures(applications_visible_to(request.user), today)
    return render(request, "applications/dashboard.html", {"year": today.year, **figures})


@staff_view(Perm.VIEW_APPLICATIONS)
def convert_queue(request: HttpRequest) -> HttpResponse:
    rows = list(conversion_queue(request.user))
    today = timezone.localdate()
    items = [
        (app, app.replied_on + datetime.timedelta(days=30) if app.replied_on else None)
        for app in rows
    ]
    return render(
        request,
        "applications/convert.html",
        {"items": items, "today": today, "decisions": CONVERT_DECISIONS},
    )


@staff_view(Perm.HANDLE)
def register_paper(request: HttpRequest) -> HttpResponse:
    units = list(units_visible_to(request.user, Perm.HANDLE))
    form = PaperRegistrationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = Unit.objects.get(code=data["unit"])
        try:
            app = application_register_paper(
                actor=request.user,
                unit=unit,
                channel=data["channel"],
                values=data,
                applicant=data,
                submitted=data.get("submitted"),
                signed=data.get("signed"),
                confirmed=data.get("confirmed"),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            msg = f"已登记，查询码 {app.tracking_code}。"
            if app.late_entry:
                msg += "注意：录入时间超过收到申请后 2 个工作日。"
            messages.success(request, msg)
            return redirect("applications:case", app.tracking_code)
    return render(request, "applications/register.html", {"form": form})


def choice_options(kind: str, user: User, app: Application) -> tuple[list[tuple[str, str]], str]:
    """The options of a ``choice:`` field (value, label by name) and the one preselected."""
    if kind == "choice:units":
        current = app.assigned_unit or app.unit
        units = assign_units(app)
        return [(u.code, u.name) for u in units], current.code
    if kind == "choice:handlers":
        people = assign_handlers(app)
        options = [
            (p.username, f"{p.full_name or p.username}（{unit.name if unit else '未设机构'}）")
            for p, unit in people
        ]
        chosen = app.assignee if app.assignee in [p for p, _ in people] else user
        return options, chosen.username if chosen else ""
    raise KeyError(kind)


def _action_forms(user: User, app: Application) -> list[dict[str, Any]]:
    out = []
    done = set(app.events.values_list("kind", flat=True))
    for t in actions_from(app.state, done):
        if not may_act(user, t.perm, app):
            continue
        fields = []
        for name, kind, label, required in ACTION_FIELDS.get(t.action, []):
            options: list[Any] = []
            value = ""
            if kind.startswith("select:"):
                options = [opt.split("=", 1) for opt in kind[7:].split("|")]
                kind = "select"
            elif kind.startswith("choice:"):
                options, value = choice_options(kind, user, app)
                kind = "select"
            fields.append(
                {
                    "name": name,
                    "kind": kind,
                    "label": label,
                    "required": required,
                    "options": options,
                    "value": value,
                }
            )
        out.append({"t": t, "fields": fields, "dated": t.action in DATED_ACTIONS, "basis": t.basis})
    return out


@staff_view(Perm.VIEW_APPLICATIONS)
def case_page(request: HttpRequest, code: str) -> HttpResponse:
    return _case_page(request, code)


def _kept_input(
    action: str, payload: dict[str, Any], user: User, app: Application | None
) -> dict[str, Any]:
    """What the user typed into an action that was refused as stale, with the form's labels."""
    t = TRANSITIONS.get(action)
    rows = [("事项日期", payload["on"])] if payload.get("on") else []
    for name, kind, label, _ in ACTION_FIELDS.get(action, []):
        value = str(payload.get(name, "")).strip()
        if not value:
            continue
        if kind.startswith("select:"):
            value = dict(o.split("=", 1) for o in kind[7:].split("|")).get(value, value)
        elif kind.startswith("choice:") and app is not None:
            labels = dict(choice_options(kind, user, app)[0])
            value = labels.get(value, value)
        elif kind == "checkbox":
            value = "是"
        rows.append((label, value))
    return {"label": t.label if t else action, "rows": rows}


def _case_page(
    request: HttpRequest, code: str, *, kept: dict[str, Any] | None = None
) -> HttpResponse:
    """The case page; ``kept``: the input of an action refused as stale, shown so nothing typed
    is lost."""
    assert isinstance(request.user, User)
    app = application_for(request.user, code)
    if app is None:
        raise Http404("找不到该申请，或该申请不属于您可查看的机构。")
    clock = None if app.imported and app.state == State.CLOSED else case_clock(app)
    events = events_of(app)
    rule = OUTCOME_RULES.get(Outcome(app.outcome)) if app.outcome else None
    return render(
        request,
        "applications/case.html",
        {
            "app": app,
            "person": applicant_for(request.user, app),
            "applicant_column": applicant_column(app.applicant_type),
            "clock": clock,
            "events": events,
            "letters": [e for e in events if e.letter],
            "letter_titles": LETTER_TITLES,
            "actions": _action_forms(request.user, app),
            "outcome_rule": rule,
            "outcome_row": full_row_label(app.outcome) if app.outcome else "",
            "relief_cases": list(app.relief_cases.all()),
            "relief_form": ReliefForm(),
            "file_form": CaseFileForm(),
            "files": list(app.files.all()),
            "can_handle": may_act(request.user, Perm.HANDLE, app),
            "decisions": CONVERT_DECISIONS,
            "today": timezone.localdate(),
            "kept": kept,
        },
    )


def _case_in_scope(request: HttpRequest, code: str) -> None:
    """The case a POST acts on must be one this user can see, as its page must (404
    otherwise): refusing after the fact would redirect to that page, a 404 with the reason
    lost, and tell an outsider more than the page does."""
    if application_for(request.user, code) is None:
        raise Http404("找不到该申请，或该申请不属于您可查看的机构。")


@require_POST
@staff_view(Perm.VIEW_APPLICATIONS)
def case_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    _case_in_scope(request, code)
    payload: dict[str, Any] = {
        k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "version"}
    }
    try:
        version = int(request.POST.get("version", "0"))
        application_act(
            actor=request.user, code=code, action=action, version=version, payload=payload
        )
    except ConflictError as exc:
        messages.error(request, exc.message)
        assert isinstance(request.user, User)
        kept = _kept_input(action, payload, request.user, application_for(request.user, code))
        if kept["rows"]:  # show the page as it is now, with what was typed
            return _case_page(request, code, kept=kept)
    except (ValidationFailed, DomainError) as exc:
        messages.error(request, f"操作未执行：{exc.message}")
    except ValueError:
        messages.error(request, "页面已过期，请刷新后重试。")
    else:
        messages.success(request, "已办理。")
    return redirect("applications:case", code)


@require_POST
@staff_view(Perm.VIEW_APPLICATIONS)
def case_file_add(request: HttpRequest, code: str) -> HttpResponse:
    _case_in_scope(request, code)
    form = CaseFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "上传未成功：请选择文件类型和文件。")
        return redirect("applications:case", code)
    upload = form.cleaned_data["file"]
    try:
        casefile_add(
            actor=request.user,
            code=code,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            data=upload.read(),
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, f"上传未成功：{exc.message}")
    else:
        messages.success(request, "文件已上传。")
    return redirect("applications:case", code)


@staff_view(Perm.VIEW_APPLICATIONS)
def case_file_download(request: HttpRequest, code: str, file_id: int) -> HttpResponseBase:
    app = application_for(request.user, code)
    if app is None or applicant_for(request.user, app) is None:
        raise Http404("找不到该文件，或您无权查看。")
    case_file = app.files.filter(pk=file_id).first()
    if case_file is None:
        raise Http404("找不到该文件。")
    return FileResponse(
        case_file.file.open("rb"),
        content_type=case_file.content_type,
        as_attachment=True,
        filename=case_file.name,
    )


@require_POST
@staff_view(Perm.VIEW_APPLICATIONS)
def case_relief(request: HttpRequest, code: str) -> HttpResponse:
    _case_in_scope(request, code)
    form = ReliefForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "复议诉讼信息填写不完整："
            + "；".join(
                f"{form.fields[k].label}：{'；'.join(str(e) for e in v)}"
                for k, v in form.errors.items()
                if k in form.fields
            ),
        )
        return redirect("applications:case", code)
    try:
        relief_record(actor=request.user, code=code, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记复议诉讼情况。")
    return redirect("applications:case", code)


@require_POST
@staff_view(Perm.VIEW_APPLICATIONS)
def case_convert(request: HttpRequest, code: str) -> HttpResponse:
    _case_in_scope(request, code)
    decision, note = request.POST.get("decision", ""), request.POST.get("note", "").strip()
    try:
        application_convert_decide(actor=request.user, code=code, decision=decision, note=note)
    except ConflictError as exc:
        # Someone decided first: say what this user had chosen, so nothing they typed is lost.
        mine = CONVERT_DECISIONS.get(decision, decision) + (f"；备注：{note}" if note else "")
        messages.error(request, f"{exc.message}（您的选择：{mine}）")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已记录转主动公开的处理结果。")
    return redirect(safe_next(request, reverse("applications:case", args=[code])))


EXPORT_HEADERS = [
    "申请编号",
    "受理机关",
    "收到日期",
    "收件渠道",
    "申请人类型",
    "申请内容",
    "状态",
    "答复期限",
    "答复日期",
    "办结日期",
    "办理结果",
]


def _export_rows(apps: list[Application]) -> list[list[str]]:
    return [
        [
            a.tracking_code,
            a.unit.name,
            a.received_on.isoformat(),
            a.get_channel_display(),
            applicant_column(a.applicant_type),
            a.information,
            a.get_state_display(),
            a.due_on.isoformat() if a.due_on else "",
            a.replied_on.isoformat() if a.replied_on else "",
            a.closed_on.isoformat() if a.closed_on else "",
            full_row_label(a.outcome) if a.outcome else "",
        ]
        for a in apps
    ]


@staff_view(Perm.EXPORT_APPLICATIONS)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """CSV or XLSX of the filtered list; no personal data; the export itself is audited."""
    f = _filter_from(request)
    apps = list(filter_applications(applications_visible_to(request.user), f)[:50000])
    rows = _export_rows(apps)
    applications_export_record(
        actor=request.user, fmt=fmt, filters=dict(request.GET.items()), count=len(rows)
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        wb = new_workbook()
        ws = wb.active
        ws.title = "依申请公开台账"
        ws.append(EXPORT_HEADERS)
        for r in rows:
            ws.append(r)
        response = HttpResponse(
            xlsx_bytes(wb),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            csv_text(EXPORT_HEADERS, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.{fmt}"'
    return response


@staff_view(Perm.VIEW_APPLICATIONS)
def letter_download(request: HttpRequest, code: str, seq: int, fmt: str) -> HttpResponse:
    from gongkai.applications.letters import letter_for_event, render_docx, render_pdf

    app = application_for(request.user, code)
    if app is None or applicant_for(request.user, app) is None:
        raise Http404("找不到该文书，或您无权查看。")
    event = app.events.filter(seq=seq).exclude(letter="").first()
    if event is None or fmt not in {"docx", "pdf"}:  # as the API: any other name is not found
        raise Http404("找不到该文书（格式为 docx 或 pdf）。")
    letter = letter_for_event(app, event)
    if fmt == "pdf":
        body, ctype = render_pdf(letter), "application/pdf"
    else:
        body = render_docx(letter)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = (
        f'attachment; filename="{app.tracking_code}-{seq}-{event.letter}.{fmt}"'
    )
    return response


@staff_view(Perm.MANAGE_LETTERS)
def letter_templates(request: HttpRequest) -> HttpResponse:
    from gongkai.applications.letters import LETTER_VARIABLES, default_template, template_text
    from gongkai.applications.models import LetterTemplate

    # A save refused because someone else changed the template: show the editor's text again.
    kept: dict[str, tuple[str, int]] = {}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        body = "" if "reset" in request.POST else request.POST.get("body", "")
        raw = request.POST.get("version", "")
        version = int(raw) if raw.isdigit() else 0
        try:
            letter_template_save(actor=request.user, kind=kind, body=body, version=version)
        except ConflictError as exc:
            messages.error(request, f"未保存：{exc.message}")
            kept[kind] = (request.POST.get("body", ""), version)
        except DomainError as exc:
            messages.error(request, f"未保存：{exc.message}")
            return redirect("applications:letter-templates")
        else:
            messages.success(request, "已恢复默认模板。" if not body else "模板已保存。")
            return redirect("applications:letter-templates")
    versions = dict(LetterTemplate.objects.values_list("kind", "version"))
    edited = set(LetterTemplate.objects.exclude(body="").values_list("kind", flat=True))
    rows = [
        {
            "kind": kind,
            "title": title,
            "body": kept[kind][0] if kind in kept else template_text(kind),
            "version": kept[kind][1] if kind in kept else versions.get(kind, 0),
            "edited": kind in edited,
            "default": default_template(kind),
        }
        for kind, title in LETTER_TITLES.items()
    ]
    return render(
        request,
        "applications/letter_templates.html",
        {"rows": rows, "variables": LETTER_VARIABLES},
    )
