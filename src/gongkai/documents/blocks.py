"""Blocks that other capabilities add to a published document's public page.

The document page belongs to documents; a capability that shows something about a document
(its FAQ list, its 政策留言板, the decision it came from, the services it names) registers a
block instead of editing the template::

    register_document_block(DocumentBlock("faq", render_faq_for, order=20))

``render(document, request)`` returns HTML (e.g. from ``render_to_string``) or ``""``. Blocks
show below the document's relations, in ``order``; they read only public data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from gongkai.documents.models import Document


@dataclass(frozen=True)
class DocumentBlock:
    name: str
    render: Callable[[Document, HttpRequest], str]
    order: int = 50


_blocks: dict[str, DocumentBlock] = {}


def register_document_block(block: DocumentBlock) -> None:
    _blocks[block.name] = block


def unregister_document_block(name: str) -> None:
    _blocks.pop(name, None)


def document_blocks(document: Document, request: HttpRequest) -> list[str]:
    out = []
    for block in sorted(_blocks.values(), key=lambda b: (b.order, b.name)):
        html = block.render(document, request)
        if html:
            out.append(html)
    return out


@dataclass(frozen=True)
class StatutoryLink:
    """A record another capability lists under an Art. 20 item of 法定主动公开内容."""

    title: str
    url: str
    published_on: datetime.date | None
    label: str  # what it is, e.g. the thematic column's name


StatutorySource = Callable[[int, int], list[StatutoryLink]]  # (Art. 20 item, limit)
_statutory: dict[str, StatutorySource] = {}


def register_statutory_source(name: str, source: StatutorySource) -> None:
    """Typed content kept outside documents (thematic columns …) appears in the 法定主动公开内容
    listing under its Art. 20 item."""
    _statutory[name] = source


def statutory_links(item: int, limit: int = 5) -> list[StatutoryLink]:
    links: list[StatutoryLink] = []
    for name in sorted(_statutory):
        links += _statutory[name](item, limit)
    links.sort(key=lambda lk: lk.published_on or datetime.date.min, reverse=True)
    return links[:limit]


# the same kind of blocks on the document's staff page (/staff/documents/<pk>/), above 办理:
# what another capability needs the clerk to do about the document (the finder: its tags)
_staff_blocks: dict[str, DocumentBlock] = {}


def register_staff_document_block(block: DocumentBlock) -> None:
    """``render(document, request)``: HTML for the staff page (request.user is the clerk)."""
    _staff_blocks[block.name] = block


def staff_document_blocks(document: Document, request: HttpRequest) -> list[str]:
    out = []
    for block in sorted(_staff_blocks.values(), key=lambda b: (b.order, b.name)):
        html = block.render(document, request)
        if html:
            out.append(html)
    return out


PublishCheck = Callable[["Document"], list[str]]
_publish_checks: dict[str, PublishCheck] = {}


def register_publish_check(name: str, check: PublishCheck) -> None:
    """Another capability's condition for publishing a document: ``check(document)`` returns
    the reasons it may not be published yet (empty when it may), shown to the clerk as they
    are. The policy finder requires a policy's tags this way."""
    _publish_checks[name] = check


def publish_problems(document: Document) -> list[str]:
    problems: list[str] = []
    for name in sorted(_publish_checks):
        problems += _publish_checks[name](document)
    return problems


@dataclass(frozen=True)
class TitleBadge:
    """A mark another capability puts after a document's title in the public lists (e.g. 办 for
    a document that names a service). ``render(documents)`` answers {document id: HTML} for the
    whole page at once (one query per badge, not per row); it reads only public data."""

    name: str
    render: Callable[[list[Document]], dict[int, str]]
    order: int = 50


_badges: dict[str, TitleBadge] = {}


def register_title_badge(badge: TitleBadge) -> None:
    _badges[badge.name] = badge


def unregister_title_badge(name: str) -> None:
    _badges.pop(name, None)


def title_badges(documents: list[Document]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for badge in sorted(_badges.values(), key=lambda b: (b.order, b.name)):
        for pk, html in badge.render(documents).items():
            if html:
                out.setdefault(pk, []).append(html)
    return out
