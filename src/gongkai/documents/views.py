"""Public pages of the 政府信息公开 column. They read only through selectors.public_documents()."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from gongkai.core.bounds import YEAR_MAX, YEAR_MIN, query_int
from gongkai.documents import publication, selectors
from gongkai.documents.attachments import IMAGE_TYPES
from gongkai.documents.blocks import statutory_links
from gongkai.documents.feeds import (
    FEED_SIZE,
    PublicEntry,
    atom_response,
    registered_entries,
    registered_pages,
)
from gongkai.documents.models import Document, DocumentIssuer, DocumentVersion, State
from gongkai.documents.vocab import ART20_ITEMS, DISCLOSURE_RULE_TAG, DocKind, Validity
from gongkai.portal.column import COLUMN_TITLE, ENTRIES_BY_SLUG

PAGE_SIZE = 20
MAX_VERIFY_BYTES = 50 * 1024 * 1024


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def statutory(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: organised by the Art. 20 items and the 主题分类 catalogue."""
    public = selectors.public_documents()
    counts = dict(
        public.exclude(art20_item=None).values_list("art20_item").annotate(n=Count("id")).order_by()
    )
    items = []
    for n, mark, label in ART20_ITEMS:
        latest = list(public.filter(art20_item=n).order_by(selectors.NEWEST_FIRST, "-id")[:5])
        also = statutory_links(n)
        items.append(
            {
                "n": n,
                "mark": mark,
                "label": label,
                "count": counts.get(n, 0),
                "latest": latest,
                "also": also,
            }
        )
    topic_counts = dict(
        public.exclude(topic=None)
        .values_list("topic__parent__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    topics = [(t, topic_counts.get(t.code, 0)) for t, _ in selectors.topic_tree()]
    return render(
        request,
        "documents/statutory.html",
        {
            "column_title": COLUMN_TITLE,
            "entry": ENTRIES_BY_SLUG["statutory"],
            "items": items,
            "topics": topics,
            "normative_count": selectors.current_normative().count(),
        },
    )


def rules(request: HttpRequest) -> HttpResponse:
    """政府信息公开制度: documents tagged as disclosure rules."""
    docs = selectors.browse(selectors.Browse(tag=DISCLOSURE_RULE_TAG))
    return render(
        request,
        "documents/rules.html",
        {
            "column_title": COLUMN_TITLE,
            "entry": ENTRIES_BY_SLUG["rules"],
            "page": _page(request, docs),
        },
    )


def browse(request: HttpRequest) -> HttpResponse:
    g = request.GET
    f = selectors.Browse(
        q=g.get("q", "").strip()[:100],
        topic=g.get("topic", "")[:16],
        issuer=g.get("issuer", "")[:120],
        year=query_int(g, "year", lo=YEAR_MIN, hi=YEAR_MAX, label="年份"),
        kind=g.get("kind", "")[:20],
        validity=g.get("validity", "")[:8],
        art20=query_int(g, "art20", lo=1, hi=len(ART20_ITEMS), label="第二十条事项"),
    )
    qs = selectors.browse(f)
    public = selectors.public_documents()
    years = sorted(
        {d.year for d in public.exclude(published_on=None).dates("published_on", "year")},
        reverse=True,
    )
    issuers = (
        DocumentIssuer.objects.filter(document__in=public)
        .values("name")
        .annotate(n=Count("document", distinct=True))
        .order_by("-n", "name")[:30]
    )
    params = {k: v for k, v in g.items() if k != "page" and v}
    art20 = {n: f"{mark}{label}" for n, mark, label in ART20_ITEMS}
    return render(
        request,
        "documents/browse.html",
        {
            "column_title": COLUMN_TITLE,
            "f": f,
            "page": _page(request, qs),
            "topics": selectors.topic_tree(),
            "years": years,
            "issuers": issuers,
            "kinds": DocKind.values,
            "validities": [v for v in Validity.values if v],
            "query": urlencode(params),
            "art20_label": art20.get(f.art20 or 0, ""),
        },
    )


def normative(request: HttpRequest) -> HttpResponse:
    """现行有效规范性文件."""
    return render(
        request,
        "documents/normative.html",
        {"column_title": COLUMN_TITLE, "page": _page(request, selectors.current_normative())},
    )


def _public(pk: int) -> Document:
    doc = selectors.public_document(pk)
    if doc is None:
        raise Http404("没有这个文件")
    return doc


def detail(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    doc = _public(pk)
    assert doc.live is not None
    version = doc.live
    if number is not None and number != doc.live.number:
        found = DocumentVersion.objects.filter(document=doc, number=number).first()
        if found is None:
            raise Http404("没有这个版本")
        version = found
    rel = selectors.public_relations(doc)
    attachments = selectors.public_attachments(doc, version.number)
    return render(
        request,
        "documents/detail.html",
        {
            "column_title": COLUMN_TITLE,
            "doc": doc,
            "version": version,
            "meta": version.metadata,
            "is_old_version": version.number != doc.live.number,
            "versions": DocumentVersion.objects.filter(document=doc).only(
                "number", "published_at", "revision_note", "document_id"
            ),
            "attachments": attachments,
            # pictures (an interpretation's 图解, a poster) shown in the page with their text
            # alternative; every attachment stays in the download list too
            "figures": [
                (a, a.name.rsplit(".", 1)[0]) for a in attachments if a.content_type in IMAGE_TYPES
            ],
            "relations": rel,
            "service_links": doc.service_links.all(),
            "marked": doc.state in (State.REPEALED, State.LAPSED)
            or doc.validity in (Validity.REPEALED, Validity.LAPSED, Validity.AMENDED),
        },
    )


def version_download(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    doc = _public(pk)
    version = DocumentVersion.objects.filter(document=doc, number=number).first()
    if version is None:
        raise Http404("没有这个版本")
    resp = HttpResponse(version.rendered.encode(), content_type="text/html; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="document-{doc.pk}-v{number}.html"'
    return resp


def attachment_download(request: HttpRequest, pk: int, att: int) -> FileResponse:
    return _attachment(pk, att, inline=False)


def attachment_image(request: HttpRequest, pk: int, att: int) -> FileResponse:
    """A published picture shown in its document's page (PNG or JPEG only, never SVG)."""
    return _attachment(pk, att, inline=True)


def _attachment(pk: int, att: int, *, inline: bool) -> FileResponse:
    doc = _public(pk)
    assert doc.live is not None
    attachment = selectors.public_attachments(doc, doc.live.number).filter(pk=att).first()
    if attachment is None or (inline and attachment.content_type not in IMAGE_TYPES):
        raise Http404("没有这个附件")
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone can check whether a file is exactly what was published, when and by whom."""
    digest = ""
    checked = False
    name = ""
    error = ""
    upload = request.FILES.get("file") if request.method == "POST" else None
    if isinstance(upload, UploadedFile):
        name = upload.name or ""
        if (upload.size or 0) > MAX_VERIFY_BYTES:
            error = gettext("文件超过 50 MB，请改用下方的 SHA-256 校验值查询。")
        else:
            h = publication.hashlib.sha256()
            for chunk in upload.chunks():
                h.update(chunk)
            digest = h.hexdigest()
            checked = True
    elif request.GET.get("sha256"):
        digest = request.GET["sha256"].strip().lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            error = gettext("SHA-256 校验值应为 64 位十六进制字符。")
            digest = ""
        else:
            checked = True
    entries = publication.entries_for_digest(digest) if checked else []
    results = [(e, publication.verify_signature(e)) for e in entries]
    return render(
        request,
        "documents/verify.html",
        {
            "column_title": COLUMN_TITLE,
            "checked": checked,
            "digest": digest,
            "name": name,
            "results": results,
            "error": error,
            "key_id": publication.key_id(),
            "public_key": publication.public_key_bytes().hex(),
        },
    )


def feed(request: HttpRequest) -> HttpResponse:
    """Atom feed of the latest public documents (new and revised versions), with the entries
    other capabilities register (``documents.feeds``: 重点领域, 标准目录 …)."""
    entries: list[PublicEntry] = []
    for doc in selectors.public_documents().order_by("-live__published_at", "-id")[:FEED_SIZE]:
        assert doc.live is not None
        mark = "" if doc.state == State.PUBLISHED else f"【{doc.get_state_display()}】"
        entries.append(
            PublicEntry(
                url=reverse("documents:detail", args=[doc.pk]),
                title=mark + doc.live.title,
                updated=doc.live.published_at,
                summary=doc.live.summary or doc.live.title,
                author=doc.unit.name,
                published=doc.first_published_at or doc.live.published_at,
                unique_id=f"/xxgk/documents/{doc.pk}/v{doc.live.number}",
            )
        )
    entries += registered_entries(FEED_SIZE)
    entries.sort(key=lambda e: (e.updated, e.url), reverse=True)
    return atom_response(
        request,
        title="政府信息公开 · 最新文件",
        link=reverse("documents:browse"),
        description="最新发布的主动公开文件",
        feed_url=reverse("documents:feed"),
        entries=entries[:FEED_SIZE],
    )


def sitemap(request: HttpRequest) -> HttpResponse:
    site = request.build_absolute_uri("/")[:-1]
    urls = [reverse("portal:home"), reverse("portal:xxgk")]
    urls += [reverse("portal:xxgk-entry", args=[slug]) for slug in ENTRIES_BY_SLUG]
    urls += [reverse("documents:browse"), reverse("documents:normative")]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for u in urls:
        lines.append(f"<url><loc>{site}{u}</loc></url>")
    for pk, at in (
        selectors.public_documents()
        .order_by("id")
        .values_list("pk", "live__published_at")
        .iterator()
    ):
        loc = site + reverse("documents:detail", args=[pk])
        lines.append(f"<url><loc>{loc}</loc><lastmod>{at.date().isoformat()}</lastmod></url>")
    for u in registered_pages():
        lines.append(f"<url><loc>{escape(site + u)}</loc></url>")
    for e in registered_entries(None):
        loc = escape(site + e.url)
        lines.append(
            f"<url><loc>{loc}</loc><lastmod>{e.updated.date().isoformat()}</lastmod></url>"
        )
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")
