"""Reads of FAQ entries: the public set, a policy's FAQ list, the question box's suggestions,
the staff lists (scoped to the units the user may handle)."""

from __future__ import annotations

import datetime
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from gongkai.faq.matcher import FaqMatcher, KbRow
from gongkai.faq.models import FaqEntry, FaqState
from gongkai.org.access import Perm, scope_unit_ids
from gongkai.org.models import User

if TYPE_CHECKING:
    from gongkai.documents.models import Document

MAX_QUERY_CHARS = 200
SUGGEST_ENTRIES = 5
SUGGEST_DOCUMENTS = 3
MIN_QUERY_CHARS = 2  # fewer characters than this say nothing yet


def public_entries(today: datetime.date | None = None) -> QuerySet[FaqEntry]:
    """Published entries valid today: the only public set."""
    today = today or timezone.localdate()
    return (
        FaqEntry.objects.filter(state=FaqState.PUBLISHED)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("unit")
    )


def public_entry(pk: int) -> FaqEntry | None:
    return public_entries().filter(pk=pk).first()


def entries_for_document(document_id: int) -> list[FaqEntry]:
    return list(public_entries().filter(documents__pk=document_id).order_by("topic", "id"))


def public_topics() -> list[tuple[str, int]]:
    rows = public_entries().values("topic").annotate(n=Count("id")).order_by("topic")
    return [(r["topic"] or "", r["n"]) for r in rows]


def entries_visible_to(user: User) -> QuerySet[FaqEntry]:
    scope = scope_unit_ids(user, Perm.HANDLE)
    review = scope_unit_ids(user, Perm.REVIEW)
    qs = FaqEntry.objects.select_related("unit").order_by("-updated_at", "-id")
    if scope is None or review is None:
        return qs
    return qs.filter(unit_id__in=scope | review)


def entry_for_staff(user: User, pk: int) -> FaqEntry | None:
    return entries_visible_to(user).filter(pk=pk).first()


def needing_review(user: User) -> QuerySet[FaqEntry]:
    return (
        entries_visible_to(user)
        .filter(Q(needs_review=True) | Q(state=FaqState.SUBMITTED))
        .exclude(state=FaqState.RETIRED)
    )


# --- the question box ---------------------------------------------------------------------------
_lock = threading.Lock()
_cache: dict[str, object] = {}


def _fingerprint(today: datetime.date) -> tuple[object, ...]:
    agg = public_entries(today).aggregate(n=Count("id"), last=Max("updated_at"))
    return (today, agg["n"], agg["last"])


def public_matcher() -> tuple[FaqMatcher, dict[int, FaqEntry]]:
    """One matcher per process over the public set, rebuilt when the set changes."""
    today = timezone.localdate()
    fp = _fingerprint(today)
    with _lock:
        if _cache.get("fp") == fp:
            return _cache["matcher"], _cache["entries"]  # type: ignore[return-value]
    entries = {e.pk: e for e in public_entries(today)}
    matcher = FaqMatcher(KbRow(e.pk, e.question, e.keywords, e.answer) for e in entries.values())
    with _lock:
        _cache.update(fp=fp, matcher=matcher, entries=entries)
    return matcher, entries


@dataclass
class DocumentSuggestion:
    title: str
    url: str


@dataclass
class Suggestions:
    query: str
    entries: list[FaqEntry] = field(default_factory=list)
    documents: list[DocumentSuggestion] = field(default_factory=list)


_TAG = re.compile(r"<[^>]+>")


def suggest(query: str) -> Suggestions:
    """The closest public FAQ entries and documents for what a person typed."""
    q = " ".join(query.split())[:MAX_QUERY_CHARS]
    out = Suggestions(query=q)
    if len(q) < MIN_QUERY_CHARS:
        return out
    matcher, entries = public_matcher()
    out.entries = [entries[int(str(m.id))] for m in matcher.search(q, limit=SUGGEST_ENTRIES)]
    out.documents = _documents(q)
    return out


def _documents(q: str) -> list[DocumentSuggestion]:
    from django.apps import apps

    if not apps.is_installed("gongkai.search"):
        return []
    from gongkai.search.selectors import search_public

    res = search_public(query=q, per_page=SUGGEST_DOCUMENTS + 2)
    seen: set[str] = set()
    docs: list[DocumentSuggestion] = []
    for h in res.hits:
        if h.metadata.get("content_type") == "常见问题":
            continue  # the FAQ entries are listed already
        url = h.url.split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        docs.append(DocumentSuggestion(title=_TAG.sub("", h.title), url=h.url))
        if len(docs) >= SUGGEST_DOCUMENTS:
            break
    return docs


def public_documents_of(entry: FaqEntry) -> list[Document]:
    """The entry's cited documents that are public (a withdrawn one is left out)."""
    from gongkai.documents.selectors import public_documents

    return list(public_documents().filter(faq_entries=entry).order_by("-published_on", "-id"))
