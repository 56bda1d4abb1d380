"""Workbench pages for documents. Thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime
import json
from contextlib import nullcontext
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.errors import ConflictError, DomainError
from gongkai.core.views import staff_view
from gongkai.documents import exports, lifecycle, privacy_review, selectors, services
from gongkai.documents.attachments import IMAGE_TYPES
from gongkai.documents.blocks import staff_document_blocks
from gongkai.documents.forms import (
    ApproveForm,
    AttachmentForm,
    DocumentForm,
    NormativeRecordForm,
    RelationForm,
    ServiceLinkForm,
)
from gongkai.documents.models import Attachment, Document, State
from gongkai.documents.workflow import may_record_normative, missing_records, offered
from gongkai.org.access import Perm, can, units_visible_to
from gongkai.org.models import User


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _doc(request: HttpRequest, pk: int) -> Document:
    doc = selectors.document_for_staff(_user(request), pk)
    if doc is None:
        raise Http404("没有这个文件，或您无权查看")
    return doc


@staff_view(Perm.USE_WORKBENCH)
def document_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.documents_visible_to(user)
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    if request.GET.get("todo") == "interpretation":
        qs = selectors.needing_interpretation(user)
    elif request.GET.get("todo") == "overdue":
        overdue = selectors.overdue_unpublished(qs, timezone.localdate())
        qs = qs.filter(pk__in=[d.pk for d in overdue])
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    today = timezone.localdate()
    rows = [(d, selectors.late_flag(d, today)) for d in qs.order_by("-updated_at")[:200]]
    return render(
        request,
        "documents/staff/list.html",
        {
            "rows": rows,
            "states": State.choices,
            "state": state,
            "q": q,
            "share": selectors.interpretation_share(
                selectors.public_documents().filter(
                    unit_id__in=selectors.documents_visible_to(user).values("unit_id")
                )
            ),
            "can_handle": can(user, Perm.HANDLE),
        },
    )


def _form_initial(doc: Document) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(doc, f) for f in services.EDITABLE_FIELDS}
    data["topic"] = doc.topic.code if doc.topic else ""
    data["issuers"] = "、".join(i.name for i in doc.issuers.all())
    data["tags"] = "，".join(t.name for t in doc.policy_tags.all())
    data["version"] = doc.version
    return data


@staff_view(Perm.HANDLE)
def document_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = units_visible_to(user, Perm.HANDLE)
    # sensible defaults: most drafts are 通知 to be proactively disclosed (not 法律, the first kind)
    form = DocumentForm(
        request.POST or None, initial={"disclosure_mode": "主动公开", "doc_kind": "通知"}
    )
    if request.method == "POST" and form.is_valid():
        unit_id = request.POST.get("unit") or user.unit_id
        unit = units.filter(pk=unit_id).first() if unit_id else None
        if unit is None:
            form.add_error(None, "请选择您有权起草文件的单位")
        else:
            values, issuers, tags = form.values()
            try:
                doc = services.document_create(
                    actor=user, unit=unit, values=values, issuers=issuers or None, tags=tags
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已保存草稿。")
                return redirect("documents_staff:detail", pk=doc.pk)
    return render(request, "documents/staff/form.html", {"form": form, "units": units, "doc": None})


@staff_view(Perm.HANDLE)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    doc = _doc(request, pk)
    form = DocumentForm(request.POST or None, initial=_form_initial(doc))
    if request.method == "POST" and form.is_valid():
        values, issuers, tags = form.values()
        try:
            services.document_update(
                actor=user,
                document=doc,
                values=values,
                issuers=issuers or [doc.unit.name],
                tags=tags,
                version=form.cleaned_data["version"] or 0,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("documents_staff:detail", pk=doc.pk)
    return render(request, "documents/staff/form.html", {"form": form, "doc": doc, "units": None})


@staff_view(Perm.USE_WORKBENCH)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    doc = _doc(request, pk)
    transitions, held = offered(user, doc)
    attachments = list(doc.attachments.filter(removed=False))
    # what the reviewer must confirm before approving (lifecycle.document_approve)
    personal_data = (
        privacy_review.findings(doc) if any(t.name == "approve" for t in transitions) else []
    )
    return render(
        request,
        "documents/staff/detail.html",
        {
            "doc": doc,
            "transitions": transitions,
            "held": held,
            "staff_blocks": staff_document_blocks(doc, request),
            "missing_records": missing_records(doc),
            "record_form": NormativeRecordForm(
                initial={
                    "legality_reviewer": doc.legality_reviewer,
                    "legality_reviewed_on": doc.legality_reviewed_on,
                    "legality_opinion": doc.legality_opinion,
                    "collective_meeting": doc.collective_meeting,
                    "collective_decided_on": doc.collective_decided_on,
                }
            )
            if may_record_normative(user, doc)
            else None,
            "approve_form": ApproveForm(
                initial={
                    "disclosure_mode": doc.disclosure_mode
                    if doc.disclosure_mode != "未确定"
                    else "主动公开"
                },
                personal_data=bool(personal_data),
            ),
            "personal_data": personal_data,
            "attachment_form": AttachmentForm(),
            "relation_form": RelationForm(targets=_relation_targets(user, doc)),
            "link_form": ServiceLinkForm(),
            "attachments": [(a, _preview_kind(a)) for a in attachments],
            "versions": doc.versions.all(),
            "relations_out": doc.relations_out.select_related("target"),
            "relations_in": doc.relations_in.select_related("source"),
            "needs_interpretation": selectors.needing_interpretation(user)
            .filter(pk=doc.pk)
            .exists(),
            "editable": doc.state == State.DRAFT and can(user, Perm.HANDLE, doc.unit),
            "is_drafter": user.pk in {doc.drafted_by_id, doc.submitted_by_id},
        },
    )


@require_POST
@staff_view(Perm.USE_WORKBENCH)
def document_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    user = _user(request)
    doc = _doc(request, pk)
    p = request.POST
    seen = p.get("version", "")
    # the version the page showed: checked by the lifecycle under the row lock
    guard = lifecycle.acting_on_version(doc.pk, int(seen)) if seen.isdigit() else nullcontext()
    try:
        with guard:
            _act(request, user, doc, name)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "操作成功。")
    return redirect("documents_staff:detail", pk=doc.pk)


def _preview_kind(att: Attachment) -> str:
    """How the review page shows an attachment: "pdf", "image" or "" (download only)."""
    if att.content_type == "application/pdf":
        return "pdf"
    if att.content_type in IMAGE_TYPES:
        return "image"
    return ""


@staff_view(Perm.USE_WORKBENCH)
def attachment_file(request: HttpRequest, pk: int, att: int) -> FileResponse:
    """An attachment of the working copy, for the people who may see the document (the reviewer
    reads exactly what will be published). PDF and images open in the page; the rest download."""
    doc = _doc(request, pk)
    attachment = Attachment.objects.filter(pk=att, document=doc, removed=False).first()
    if attachment is None:
        raise Http404("没有这个附件")
    inline = bool(_preview_kind(attachment)) and request.GET.get("download") != "1"
    resp = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    resp["X-Content-Type-Options"] = "nosniff"
    resp["X-Frame-Options"] = "SAMEORIGIN"
    resp["Cache-Control"] = "private, no-store"
    return resp


def _act(request: HttpRequest, user: User, doc: Document, name: str) -> None:
    """One workflow step named by the URL, from the detail page's forms."""
    p = request.POST
    if name == "normative_record":
        record = NormativeRecordForm(p)
        if not record.is_valid():
            raise DomainError("请检查合法性审核和集体审议的日期格式，例如 2026-12-01")
        lifecycle.document_record_normative(actor=user, document=doc, **record.cleaned_data)
    elif name == "submit":
        lifecycle.document_submit(actor=user, document=doc)
    elif name == "return":
        lifecycle.document_return(actor=user, document=doc, note=p.get("note", ""))
    elif name == "approve":
        form = ApproveForm(p, personal_data=True)
        form.is_valid()
        lifecycle.document_approve(
            actor=user,
            document=doc,
            disclosure_mode=form.cleaned_data.get("disclosure_mode", ""),
            disclosure_basis=form.cleaned_data.get("disclosure_basis", ""),
            confidentiality_checked=bool(form.cleaned_data.get("confidentiality_checked")),
            note=form.cleaned_data.get("note", ""),
            personal_data_confirmed=bool(form.cleaned_data.get("personal_data_confirmed")),
            personal_data_reason=form.cleaned_data.get("personal_data_reason", ""),
        )
    elif name == "schedule":
        try:
            at = datetime.datetime.fromisoformat(p.get("at", ""))
        except ValueError as exc:
            raise DomainError("请填写定时发布时间，例如 2026-12-01T09:00") from exc
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        lifecycle.document_schedule(actor=user, document=doc, at=at)
    elif name == "unschedule":
        lifecycle.document_unschedule(actor=user, document=doc)
    elif name == "publish":
        result = lifecycle.document_publish(actor=user, document=doc)
        for w in result.warnings:
            messages.warning(request, w)
    elif name == "revise":
        lifecycle.document_start_revision(actor=user, document=doc)
    elif name == "repeal":
        target = (
            selectors.document_for_staff(user, int(p["replaced_by"]))
            if p.get("replaced_by", "").isdigit()
            else None
        )
        lifecycle.document_repeal(
            actor=user, document=doc, note=p.get("note", ""), replaced_by=target
        )
    elif name == "lapse":
        lifecycle.document_lapse(actor=user, document=doc)
    elif name == "withdraw":
        lifecycle.document_withdraw(actor=user, document=doc, reason=p.get("note", ""))
    else:
        raise Http404("没有这个操作")


@require_POST
@staff_view(Perm.HANDLE)
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    doc = _doc(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise DomainError("请选择要上传的附件")
        upload = form.cleaned_data["file"]
        services.attachment_add(
            actor=user,
            document=doc,
            name=upload.name,
            data=upload.read(),
            description=form.cleaned_data["description"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "附件已上传，文件元数据已清除。")
    return redirect("documents_staff:detail", pk=doc.pk)


@require_POST
@staff_view(Perm.HANDLE)
def attachment_remove(request: HttpRequest, pk: int, att: int) -> HttpResponse:
    user = _user(request)
    doc = _doc(request, pk)
    attachment = Attachment.objects.filter(pk=att, document=doc).first()
    if attachment is None:
        raise Http404("没有这个附件")
    try:
        services.attachment_remove(actor=user, attachment=attachment)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("documents_staff:detail", pk=doc.pk)


RELATION_TARGETS = 500  # the newest documents offered in the 相关文件 list


def _relation_targets(user: User, doc: Document) -> list[Document]:
    return list(
        selectors.documents_visible_to(user)
        .exclude(pk=doc.pk)
        .exclude(state=State.WITHDRAWN)
        .order_by("-updated_at")[:RELATION_TARGETS]
    )


@require_POST
@staff_view(Perm.HANDLE)
def document_relate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    doc = _doc(request, pk)
    form = RelationForm(request.POST, targets=_relation_targets(user, doc))
    try:
        if not form.is_valid():
            raise DomainError("请选择关系和相关文件")
        target = selectors.document_for_staff(
            user, form.cleaned_data["target"]
        ) or selectors.public_document(form.cleaned_data["target"])
        if target is None:
            raise DomainError("相关文件不存在，或您无权查看")
        services.relation_add(
            actor=user, document=doc, target=target, kind=form.cleaned_data["kind"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("documents_staff:detail", pk=doc.pk)


@require_POST
@staff_view(Perm.HANDLE)
def document_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    doc = _doc(request, pk)
    form = ServiceLinkForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写办事事项名称和有效的链接")
        services.service_link_add(
            actor=user, document=doc, title=form.cleaned_data["title"], url=form.cleaned_data["url"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("documents_staff:detail", pk=doc.pk)


@staff_view(Perm.REVIEW)
def filing(request: HttpRequest) -> HttpResponse:
    """Monthly filing of new non-secret documents (seed 002, seed 004 item 12)."""
    user = _user(request)
    today = timezone.localdate()
    month = request.GET.get("month") or f"{today.year}-{today.month:02d}"
    try:
        year, mon = (int(x) for x in month.split("-"))
        datetime.date(year, mon, 1)
    except ValueError as exc:
        raise Http404("月份格式应为 2026-05") from exc
    report = exports.monthly_filing(user=user, year=year, month=mon)
    fmt = request.GET.get("format", "")
    if fmt == "json":
        resp = HttpResponse(
            json.dumps(report, ensure_ascii=False, indent=1), content_type="application/json"
        )
        resp["Content-Disposition"] = f'attachment; filename="filing-{month}.json"'
        return resp
    if fmt == "xlsx":
        resp = HttpResponse(
            exports.filing_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        resp["Content-Disposition"] = f'attachment; filename="filing-{month}.xlsx"'
        return resp
    return render(request, "documents/staff/filing.html", {"report": report, "month": month})


@staff_view(Perm.REVIEW)
def rereview(request: HttpRequest) -> HttpResponse:
    """Re-review campaign: documents since 2010 not proactively disclosed or undetermined."""
    user = _user(request)
    docs = exports.rereview_candidates(user)
    # A batch refused because a document changed meanwhile: the page keeps what was chosen.
    kept: dict[str, Any] = {"selected": set(), "mode": "", "basis": "", "versions": {}}
    if request.method == "POST":
        p = request.POST
        ids = [int(i) for i in p.getlist("doc") if i.isdigit()]
        versions = {i: int(v) if (v := p.get(f"v-{i}", "")).isdigit() else 0 for i in ids}
        try:
            n = exports.rereview_bulk(
                actor=user,
                ids=ids,
                mode=p.get("mode", ""),
                basis=p.get("basis", ""),
                versions=versions,
            )
        except ConflictError as exc:
            messages.error(request, exc.message)
            kept = {
                "selected": set(ids),
                "mode": p.get("mode", ""),
                "basis": p.get("basis", ""),
                "versions": versions,
            }
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("documents_staff:rereview")
        else:
            messages.success(request, f"已重新认定 {n} 件文件的公开属性。")
            return redirect("documents_staff:rereview")
    rows = [(d, kept["versions"].get(d.pk, d.version)) for d in docs[:500]]
    return render(
        request,
        "documents/staff/rereview.html",
        {"rows": rows, "total": docs.count(), **kept},
    )


@staff_view(Perm.VIEW_UNITS)
def topics(request: HttpRequest) -> HttpResponse:
    """The 主题分类 catalogue; administrators add the unit's own categories."""
    user = _user(request)
    if request.method == "POST":
        try:
            services.topic_create(
                actor=user,
                code=request.POST.get("code", ""),
                name=request.POST.get("name", ""),
                parent_code=request.POST.get("parent", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已添加分类。")
        return redirect("documents_staff:topics")
    return render(
        request,
        "documents/staff/topics.html",
        {"tree": selectors.topic_tree(), "can_manage": can(user, Perm.MANAGE_UNITS)},
    )
