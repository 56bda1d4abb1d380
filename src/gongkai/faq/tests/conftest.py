from __future__ import annotations

import pytest

# documents' fixtures (a draft, publishing it, the taxonomy and media) and the browser ones
from gongkai.documents.tests.conftest import (  # noqa: F401
    SAMPLE_DOCUMENT,
    _media,
    _taxonomy,
    axe,
    axe_violations,
    browser,
    compiled_search,
    make_doc,
    page,
    publish,
)
from gongkai.faq import services


@pytest.fixture
def policy(make_doc, publish):  # noqa: F811 - the imported fixtures
    """A published normative policy of the office."""
    doc = make_doc(
        title="测试区城乡居民最低生活保障实施办法",
        doc_kind="规范性文件",
        is_normative=True,
        validity="有效",
        doc_number="测民规〔2026〕1号",
    )
    publish(doc)
    return doc


@pytest.fixture
def faq(world):
    """Make a published entry of the office (a reviewer publishes it in one step)."""

    def _make(question, answer, *, documents=(), topic="社会救助", keywords="", unit=None):
        return services.faq_create(
            actor=world.reviewer,
            unit=unit or world.office,
            values={"question": question, "answer": answer, "topic": topic, "keywords": keywords},
            documents=documents,
            publish=True,
        )

    return _make
