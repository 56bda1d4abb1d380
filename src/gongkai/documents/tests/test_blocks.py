"""Other capabilities add blocks to a published document's page without editing it."""

from __future__ import annotations

import pytest
from django.utils.html import format_html

from gongkai.documents.blocks import (
    DocumentBlock,
    register_document_block,
    unregister_document_block,
)


@pytest.fixture
def blocks():
    register_document_block(
        DocumentBlock(
            "t-faq", lambda d, r: format_html("<section>常见问题：{}</section>", d.pk), 20
        )
    )
    register_document_block(DocumentBlock("t-empty", lambda d, r: "", 10))
    register_document_block(
        DocumentBlock("t-board", lambda d, r: format_html("<section>{}</section>", "留言板"), 30)
    )
    yield
    for name in ("t-faq", "t-empty", "t-board"):
        unregister_document_block(name)


def test_registered_blocks_show_on_the_document_page_in_order(client, make_doc, publish, blocks):
    published_doc = make_doc()
    publish(published_doc)
    html = client.get(f"/xxgk/documents/{published_doc.pk}/").content.decode()
    assert f"<section>常见问题：{published_doc.pk}</section>" in html
    assert html.index("常见问题：") < html.index("留言板") < html.index('id="dl-h"')
