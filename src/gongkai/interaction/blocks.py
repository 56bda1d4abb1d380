"""The 政策留言板 under every published policy document and interpretation (seed 002 row 13),
attached to the document's page through documents.blocks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from gongkai.interaction.selectors import published_for_document

# 公文种类 that carry policy (the agency's own; national laws imported from the library are not
# answered here). Normative documents, major policies and interpretations always qualify.
POLICY_KINDS = frozenset(
    {"规章", "规范性文件", "决定", "公告", "通告", "意见", "通知", "规划计划", "政策解读"}
)


def is_policy(document: Any) -> bool:
    return bool(
        document.is_normative
        or document.is_major_policy
        or document.is_interpretation
        or document.doc_kind in POLICY_KINDS
    )


def board_document(document_id: int) -> Any:
    """The published policy document whose board this is, or None."""
    from gongkai.documents.models import State
    from gongkai.documents.selectors import public_document

    document = public_document(document_id)
    if document is None or document.state != State.PUBLISHED or not is_policy(document):
        return None
    return document


def render_board(document: Any, request: HttpRequest) -> str:
    from gongkai.documents.models import State

    if document.state != State.PUBLISHED or not is_policy(document):
        return ""
    return render_to_string(
        "interaction/public/_board_block.html",
        {"document": document, "messages_published": published_for_document(document.pk)[:5]},
        request=request,
    )
