"""The documents module as a search source: public documents, fed through its outbox.

Reads only through ``documents.selectors.public_documents()`` (the one public set), so nothing
that is not published is indexed. Targeted disclosure (定点定向) is published on the same public
pages, with its scope and audience shown, so it is indexed too and its results say so (what the
public column shows to anyone can be found by anyone: 一网可查; decision 0002). The tick
job ``search.sync`` consumes the documents outbox (publish, revise, repeal, lapse, withdraw):
each event re-reads its document and replaces the document's records, or removes them when the
document is no longer public; consumed events get ``processed_at``.

A long document (one with articles “第X条”) becomes one record per article, anchored
``#第X条``; otherwise the document is one record.

Other capabilities add what they know of a document to its records' metadata by registering a
provider (the finder gives a policy's tags, the multi-valued facet ``tag``)::

    register_document_metadata("finder", tags_for_search)   # (docs) -> {doc pk: {key: value}}

and, when what they know changes for a public document, ask for its records again with
``services.search_documents_refresh``.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone

from gongkai.search.index import Record
from gongkai.search.laws import split_articles
from gongkai.search.sources import Change

if TYPE_CHECKING:
    from gongkai.documents.models import Document

_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|tr|table|ul|ol|section|article)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")


def html_text(body: str) -> str:
    text = _BLOCK.sub("\n", body)
    text = html.unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


MetadataProvider = Callable[["Sequence[Document]"], Mapping[int, Mapping[str, Any]]]
_providers: dict[str, MetadataProvider] = {}


def register_document_metadata(name: str, provider: MetadataProvider) -> None:
    """``provider(docs)`` answers {doc pk: metadata to add to that document's records}; it may
    only give public facts (they reach the search page and the public API)."""
    _providers[name] = provider


def unregister_document_metadata(name: str) -> None:
    _providers.pop(name, None)


def _extra(docs: Sequence[Document]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    if not docs:
        return out
    for name in sorted(_providers):
        for pk, meta in _providers[name](docs).items():
            out.setdefault(pk, {}).update(meta)
    return out


def _indexable(doc: Document) -> bool:
    return doc.is_public and doc.live is not None


def document_records(doc: Document, extra: Mapping[str, Any] | None = None) -> list[Record]:
    """Records of the document's *live* version only: while a revision is under way, the
    working fields hold unreviewed values that must never reach the index. ``extra``: what the
    registered providers add (their own keys never replace the document's)."""
    from gongkai.documents.vocab import DocKind, Scope

    live = doc.live
    assert live is not None
    m: dict[str, Any] = live.metadata or {}
    title = live.title
    body = html_text(live.body)
    issuers = list(m.get("issuers") or [])
    date = doc.published_on.isoformat() if doc.published_on else ""
    kind = str(m.get("doc_kind") or "")
    topic_path = str(m.get("topic") or "")
    meta: dict[str, Any] = {
        "doc_number": m.get("doc_number") or "",
        "index_number": doc.index_number,
        "content_type": "政策解读" if m.get("is_interpretation") else "政府文件",
        "doc_type": dict(DocKind.choices).get(kind, kind),
        "organ": issuers[0] if issuers else doc.unit.name,
        "topic": topic_path.split("\\")[-1],
        "validity": m.get("validity") or "",
        "year": date[:4],
        "date": date,
    }
    for key, value in (extra or {}).items():
        meta.setdefault(key, value)
    if m.get("scope") == Scope.TARGETED:  # shown with each result (translated when shown)
        meta["scope"] = str(Scope.TARGETED.value)
        meta["scope_target"] = str(m.get("scope_target") or "").strip()
    url = reverse("documents:detail", args=[doc.pk])
    group = f"doc:{doc.pk}"
    articles = split_articles(body)
    if len(articles) < 2:
        text = "\n".join(x for x in [live.summary, body] if x)
        return [Record(group, title, url, text, None, group, meta)]
    return [
        Record(f"{group}:{art}", title, f"{url}#{quote(art)}", text, art, group, meta)
        for art, text in articles
    ]


def all_records() -> Iterator[Record]:
    from gongkai.documents.selectors import public_documents

    docs = public_documents().prefetch_related("issuers").iterator(chunk_size=500)
    while chunk := [d for d in itertools.islice(docs, 500) if _indexable(d)]:
        extra = _extra(chunk)
        for doc in chunk:
            yield from document_records(doc, extra.get(doc.pk))


def document_changes(doc_ids: Iterable[int]) -> list[Change]:
    """(group, records) for each document: its records now, or none when it is not public."""
    from gongkai.documents.selectors import public_document

    out: list[Change] = []
    for doc_id in dict.fromkeys(doc_ids):
        doc = public_document(doc_id)
        public = doc is not None and _indexable(doc)
        extra = _extra([doc]).get(doc_id) if doc is not None and public else None
        records = document_records(doc, extra) if doc is not None and public else []
        out.append((f"doc:{doc_id}", records))
    return out


def changes() -> Iterable[Change]:
    from gongkai.documents.models import OutboxEvent

    events = list(OutboxEvent.objects.filter(processed_at__isnull=True).order_by("id"))
    if not events:
        return []
    out = document_changes(e.document_id for e in events)
    # update(): the consumer's bookkeeping, not a change to the document (no audit event)
    OutboxEvent.objects.filter(id__in=[e.id for e in events]).update(processed_at=timezone.now())
    return out
