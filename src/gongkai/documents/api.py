"""API: public read of published documents (/api/public/documents) and staff management
(/api/documents) with the same access layer and services as the pages."""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import Field

from gongkai.api import requires
from gongkai.core.bounds import DbId, Limit, Offset, Year
from gongkai.documents import lifecycle, publication, selectors, services
from gongkai.documents.models import Document
from gongkai.documents.vocab import ART20_ITEMS
from gongkai.documents.workflow import TRANSITIONS
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import User

public_router = Router(tags=["公开"])
staff_router = Router(tags=["主动公开"])

MAX_LIMIT = 200


class DocumentOut(Schema):
    id: int
    index_number: str
    title: str
    doc_number: str
    issuers: list[str]
    doc_kind: str
    topic: str
    art20_item: int | None
    written_on: str | None
    published_on: datetime.date | None
    effective_on: str | None
    expires_on: datetime.date | None
    validity: str
    state: str
    keywords: str
    summary: str
    version: int
    version_sha256: str
    url: str


class DocumentDetailOut(DocumentOut):
    body: str
    interpretations: list[int]
    attachments: list[dict[str, Any]]


def _public_out(doc: Document) -> dict[str, Any]:
    """From the live version snapshot only: the draft working copy never leaves the building."""
    live = doc.live
    assert live is not None
    meta = live.metadata
    return {
        "id": doc.pk,
        "index_number": doc.index_number,
        "title": live.title,
        "doc_number": meta.get("doc_number", ""),
        "issuers": meta.get("issuers", []),
        "doc_kind": meta.get("doc_kind", ""),
        "topic": meta.get("topic", ""),
        "art20_item": meta.get("art20_item"),
        "written_on": meta.get("written_on"),
        "published_on": doc.published_on,
        "effective_on": meta.get("effective_on"),
        "expires_on": doc.expires_on,
        "validity": doc.validity,
        "state": doc.state,
        "keywords": meta.get("keywords", ""),
        "summary": live.summary,
        "version": live.number,
        "version_sha256": live.sha256,
        "url": f"/xxgk/documents/{doc.pk}/",
    }


class BrowseQuery(Schema):
    q: str = ""
    topic: str = ""
    issuer: str = ""
    year: Year | None = None
    kind: str = ""
    validity: str = ""
    art20: Annotated[int, Field(ge=1, le=len(ART20_ITEMS))] | None = None
    offset: Offset = 0
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50


@public_router.get("/documents", response=list[DocumentOut], summary="已发布的文件")
def public_list(request: HttpRequest, f: Query[BrowseQuery]) -> Any:
    qs = selectors.browse(
        selectors.Browse(
            q=f.q, topic=f.topic, issuer=f.issuer, year=f.year, kind=f.kind,
            validity=f.validity, art20=f.art20,
        )
    )  # fmt: skip
    return [_public_out(d) for d in qs[f.offset : f.offset + f.limit]]


@public_router.get("/documents/{doc_id}", response=DocumentDetailOut, summary="文件详情")
def public_detail(request: HttpRequest, doc_id: DbId) -> Any:
    doc = selectors.public_document(doc_id)
    if doc is None:
        raise HttpError(404, "没有这个文件")
    assert doc.live is not None
    rel = selectors.public_relations(doc)
    return {
        **_public_out(doc),
        "body": doc.live.body,
        "interpretations": [d.pk for _, d in rel["interpretations"]],
        "attachments": [
            {"name": a.name, "size": a.size, "sha256": a.sha256,
             "url": f"/xxgk/documents/{doc.pk}/attachments/{a.pk}/"}
            for a in selectors.public_attachments(doc, doc.live.number)
        ],
    }  # fmt: skip


class VerifyOut(Schema):
    sha256: str
    published: bool
    entries: list[dict[str, Any]]


@public_router.get("/verify/{sha256}", response=VerifyOut, summary="校验文件摘要")
def public_verify(request: HttpRequest, sha256: str) -> Any:
    entries = publication.entries_for_digest(sha256)
    return {
        "sha256": sha256.lower(),
        "published": bool(entries),
        "entries": [
            {"seq": e.seq, "name": e.name, "unit_code": e.unit_code, "unit_name": e.unit_name,
             "published_at": e.published_at.isoformat(), "document": e.document_id,
             "version": e.version_number, "signature_ok": publication.verify_signature(e)}
            for e in entries
        ],
    }  # fmt: skip


# --- staff --------------------------------------------------------------------------------------


class StaffDocumentOut(Schema):
    id: int
    unit: str
    title: str
    state: str
    index_number: str
    doc_number: str
    disclosure_mode: str
    validity: str
    live_version: int
    version: int
    written_on: datetime.date | None
    published_on: datetime.date | None
    transitions: list[str]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _staff_out(doc: Document) -> dict[str, Any]:
    from gongkai.documents.workflow import available

    return {
        "id": doc.pk,
        "unit": doc.unit.code,
        "title": doc.title,
        "state": doc.state,
        "index_number": doc.index_number,
        "doc_number": doc.doc_number,
        "disclosure_mode": doc.disclosure_mode,
        "validity": doc.validity,
        "live_version": doc.live_number,
        "version": doc.version,
        "written_on": doc.written_on,
        "published_on": doc.published_on,
        "transitions": [t.name for t in available(doc.state)],
    }


@staff_router.get("", response=list[StaffDocumentOut], auth=django_auth, summary="本单位文件")
@requires(Perm.USE_WORKBENCH)
def staff_list(request: HttpRequest, state: str = "", limit: Limit = 100) -> Any:
    qs = selectors.documents_visible_to(_user(request))
    if state:
        qs = qs.filter(state=state)
    return [_staff_out(d) for d in qs.order_by("-updated_at")[:limit]]


@staff_router.get("/{doc_id}", response=StaffDocumentOut, auth=django_auth, summary="文件")
@requires(Perm.USE_WORKBENCH)
def staff_detail(request: HttpRequest, doc_id: DbId) -> Any:
    doc = selectors.document_for_staff(_user(request), doc_id)
    if doc is None:
        raise HttpError(404, "没有这个文件，或您无权查看")
    return _staff_out(doc)


class DocumentIn(Schema):
    unit: str = ""
    values: dict[str, Any]
    issuers: list[str] | None = None
    tags: list[str] | None = None


@staff_router.post("", response={201: StaffDocumentOut}, auth=django_auth, summary="起草文件")
@requires(Perm.HANDLE)
def staff_create(request: HttpRequest, payload: DocumentIn) -> Any:
    user = _user(request)
    units = units_visible_to(user, Perm.HANDLE)
    unit = units.filter(code=payload.unit).first() if payload.unit else user.unit
    if unit is None or not units.filter(pk=unit.pk).exists():
        raise HttpError(403, "您不能为该单位起草文件")
    doc = services.document_create(
        actor=user, unit=unit, values=payload.values, issuers=payload.issuers, tags=payload.tags
    )
    return Status(201, _staff_out(doc))


class UpdateIn(Schema):
    values: dict[str, Any]
    issuers: list[str] | None = None
    tags: list[str] | None = None
    # The ``version`` the editor read (GET /{doc_id}); 409 when someone changed it since.
    version: int


@staff_router.patch("/{doc_id}", response=StaffDocumentOut, auth=django_auth, summary="修改草稿")
@requires(Perm.HANDLE)
def staff_update(request: HttpRequest, doc_id: DbId, payload: UpdateIn) -> Any:
    user = _user(request)
    doc = selectors.document_for_staff(user, doc_id)
    if doc is None:
        raise HttpError(404, "没有这个文件，或您无权查看")
    doc = services.document_update(
        actor=user,
        document=doc,
        values=payload.values,
        issuers=payload.issuers,
        tags=payload.tags,
        version=payload.version,
    )
    return _staff_out(doc)


class DocumentTransitionIn(Schema):
    note: str = ""
    disclosure_mode: str = ""
    disclosure_basis: str = ""
    confidentiality_checked: bool = False
    # approve: the reviewer confirms, with a reason, that suspected personal data may be public
    personal_data_confirmed: bool = False
    personal_data_reason: str = ""
    at: datetime.datetime | None = None


class DocumentTransitionOut(Schema):
    document: StaffDocumentOut
    warnings: list[str]


@staff_router.post(
    "/{doc_id}/transitions/{name}", response=DocumentTransitionOut, auth=django_auth, summary="办理"
)
@requires(Perm.USE_WORKBENCH)
def staff_transition(
    request: HttpRequest, doc_id: DbId, name: str, payload: DocumentTransitionIn
) -> Any:
    """Same services as the pages: the transition's own permission is checked there."""
    user = _user(request)
    doc = selectors.document_for_staff(user, doc_id)
    if doc is None:
        raise HttpError(404, "没有这个文件，或您无权查看")
    if name not in TRANSITIONS:
        raise HttpError(404, "没有这个操作")
    warnings: list[str] = []
    if name == "submit":
        doc = lifecycle.document_submit(actor=user, document=doc)
    elif name == "return":
        doc = lifecycle.document_return(actor=user, document=doc, note=payload.note)
    elif name == "approve":
        doc = lifecycle.document_approve(
            actor=user,
            document=doc,
            disclosure_mode=payload.disclosure_mode,
            disclosure_basis=payload.disclosure_basis,
            confidentiality_checked=payload.confidentiality_checked,
            note=payload.note,
            personal_data_confirmed=payload.personal_data_confirmed,
            personal_data_reason=payload.personal_data_reason,
        )
    elif name == "schedule":
        if payload.at is None:
            raise HttpError(400, "请提供定时发布时间 at")
        doc = lifecycle.document_schedule(actor=user, document=doc, at=payload.at)
    elif name == "unschedule":
        doc = lifecycle.document_unschedule(actor=user, document=doc)
    elif name == "publish":
        result = lifecycle.document_publish(actor=user, document=doc)
        doc, warnings = result.document, result.warnings
    elif name == "revise":
        doc = lifecycle.document_start_revision(actor=user, document=doc)
    elif name == "repeal":
        doc = lifecycle.document_repeal(actor=user, document=doc, note=payload.note)
    elif name == "lapse":
        doc = lifecycle.document_lapse(actor=user, document=doc)
    elif name == "withdraw":
        doc = lifecycle.document_withdraw(actor=user, document=doc, reason=payload.note)
    return {"document": _staff_out(doc), "warnings": warnings}
