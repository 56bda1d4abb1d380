"""Public pages: apply without an account, the printable receipt, and case tracking.

Nothing here reads the applicant's personal data back out: the receipt and the tracking page
show the case, its dates and letters only (issue 3 §7)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.applications import conf
from gongkai.applications.forms import CorrectionForm, PublicApplicationForm, TrackForm
from gongkai.applications.models import Application, CaseFile, FileKind
from gongkai.applications.selectors import (
    public_status,
    public_status_for_session,
    released_download_name,
)
from gongkai.applications.services import (
    application_correct_online,
    application_submit_online,
)
from gongkai.core import ratelimit
from gongkai.core.errors import DomainError
from gongkai.core.middleware import current_context
from gongkai.org.models import Unit

SESSION_KEY = "applications_submitted"
ATTEMPTS_PER_SUBMISSION = 6  # form posts an address may make per application it may store
TRACK_KEY = "applications_tracked"


def _public_units() -> list[Unit]:
    return list(Unit.objects.exclude(kind="division").select_related("parent"))


def _ip(request: HttpRequest) -> str:
    return current_context().ip or request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_limit(request: HttpRequest, what: str, limit: int) -> bool:
    """Count one public submission or lookup from this address; True once over ``limit`` an
    hour (the platform's rate limiter, core.ratelimit)."""
    return not ratelimit.hit(f"applications.{what}", _ip(request), limit=limit, window_s=3600)


def apply(request: HttpRequest) -> HttpResponse:
    """The public form. Two limits an hour per address: applications stored
    (conf.submissions_per_hour), counted only when one is stored, so a citizen correcting a
    rejected form is not locked out by its mistakes; and posts of any kind
    (ATTEMPTS_PER_SUBMISSION times as many), so the form cannot be hammered either."""
    form = PublicApplicationForm(request.POST or None, request.FILES or None, units=_public_units())
    status = 200
    if request.method == "POST":
        if request.POST.get("website"):
            # A bot filled the hidden field: answer as if accepted, store nothing.
            return render(request, "applications/public/spam.html", status=200)
        per_hour = conf.submissions_per_hour()
        if _over_limit(request, "apply-attempt", per_hour * ATTEMPTS_PER_SUBMISSION) or (
            ratelimit.blocked("applications.apply", _ip(request), limit=per_hour)
        ):
            return render(
                request,
                "applications/public/apply.html",
                # what was typed comes back (unvalidated, as initial values); a chosen file
                # cannot be sent back to a browser
                {
                    "form": PublicApplicationForm(
                        initial=request.POST.dict(), units=_public_units()
                    ),
                    "limited": True,
                    "files_dropped": bool(request.FILES),
                },
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            unit = Unit.objects.filter(code=data["unit"]).first()
            if unit is None:
                form.add_error("unit", _("请从列表中选择受理机关"))
            else:
                proof = data.get("identity_proof")
                attachments = [(proof.name, proof.read())] if proof else []
                try:
                    app = application_submit_online(
                        unit=unit, values=data, applicant=data, attachments=attachments
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    ratelimit.hit("applications.apply", _ip(request), limit=per_hour, window_s=3600)
                    done = request.session.get(SESSION_KEY, [])
                    request.session[SESSION_KEY] = [*done[-19:], app.tracking_code]
                    return redirect("apply:receipt", app.tracking_code)
        if form.errors:
            status = 400
    # a browser cannot be sent a chosen file back: say so when the form comes back with errors
    dropped = status == 400 and bool(request.FILES)
    return render(
        request,
        "applications/public/apply.html",
        {"form": form, "files_dropped": dropped},
        status=status,
    )


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The printable 回执: only in the browser session that submitted the application."""
    if code not in request.session.get(SESSION_KEY, []):
        raise Http404("回执只能在提交申请的浏览器中查看；请使用查询码查询办理进度。")
    app = Application.objects.select_related("unit").filter(tracking_code=code).first()
    if app is None:
        raise Http404("找不到该申请。")
    return render(request, "applications/public/receipt.html", {"app": app})


def track(request: HttpRequest) -> HttpResponse:
    """Tracking code plus phone (or the ID number's last 4): the case, what a correction notice
    asks, every letter sent (download), the correction form, the released files. Once proved,
    the same browser session sees the case again without retyping (e.g. after a correction)."""
    form = TrackForm(request.POST or None)
    status_obj = None
    code = 200
    if request.method == "POST" and form.is_valid():
        if _over_limit(request, "track", 60):
            form.add_error(None, "查询过于频繁，请稍后再试。")
            code = 429
        else:
            status_obj = public_status(form.cleaned_data["code"], form.cleaned_data["secret"])
            if status_obj is not None:
                request.session[TRACK_KEY] = status_obj.tracking_code
            if status_obj is None:
                form.add_error(None, "查询码与联系电话（或证件号码后 4 位）不匹配，请核对后重试。")
                code = 404
    elif request.method == "GET" and (proved := request.session.get(TRACK_KEY)):
        status_obj = public_status_for_session(proved)
    return _track_page(request, form, status_obj, code)


def _track_page(
    request: HttpRequest,
    form: TrackForm,
    status_obj: Any,
    code: int = 200,
    correction: CorrectionForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "applications/public/track.html",
        {
            "form": form,
            "status": status_obj,
            "correction_form": correction
            or (CorrectionForm() if status_obj and status_obj.correction_open else None),
        },
        status=code,
    )


def _proved(request: HttpRequest, code: str) -> None:
    if request.session.get(TRACK_KEY) != code:
        raise Http404("请先凭查询码和联系电话（或证件号码后 4 位）查询，再查看或提交。")


@require_POST
def correct(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant submits the correction online (services.application_correct_online)."""
    _proved(request, code)
    if _over_limit(request, "correct", 20):
        return HttpResponse("提交过于频繁，请稍后再试。", status=429)
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        uploads = form.cleaned_data["materials"] or []
        try:
            application_correct_online(
                code=code,
                content=form.cleaned_data["content"],
                files=[(f.name, f.read()) for f in uploads],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("补正材料已提交。答复期限自今日起重新计算，请留意办理进度。"),
            )
            return redirect("apply:track")
    return _track_page(request, TrackForm(), public_status_for_session(code), 400, correction=form)


def letter(request: HttpRequest, code: str, seq: int, fmt: str) -> HttpResponse:
    """A letter sent to the applicant, as .pdf or .docx, to the browser that proved it is the
    applicant."""
    from gongkai.applications.letters import letter_for_event, render_docx, render_pdf
    from gongkai.applications.models import ApplicationEvent

    _proved(request, code)
    event = (
        ApplicationEvent.objects.filter(application__tracking_code=code, seq=seq)
        .exclude(letter="")
        .select_related("application__unit")
        .first()
    )
    if event is None or fmt not in {"docx", "pdf"}:
        raise Http404("找不到该文书。")
    doc = letter_for_event(event.application, event)
    if fmt == "pdf":
        body, ctype = render_pdf(doc), "application/pdf"
    else:
        body = render_docx(doc)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=ctype)
    name = f"{code}-{seq}-{doc.title}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["Cache-Control"] = "private, no-store"
    return response


def released_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A released (redacted) file, to the browser that just proved it is the applicant, under a
    name that says what it is (selectors.released_download_name)."""
    _proved(request, code)
    released = list(
        CaseFile.objects.filter(application__tracking_code=code, kind=FileKind.RELEASED)
        .select_related("application")
        .order_by("pk")
    )
    found = next(((i, f) for i, f in enumerate(released, start=1) if f.pk == file_id), None)
    if found is None:
        raise Http404("找不到该文件。")
    n, case_file = found
    response = FileResponse(
        case_file.file.open("rb"),
        content_type=case_file.content_type,
        as_attachment=True,
        filename=released_download_name(case_file.application, case_file, n),
    )
    response["Cache-Control"] = "private, no-store"
    return response
