from __future__ import annotations

import pytest

from gongkai.documents import lifecycle, services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_doc(world):
    def _make(**values):
        issuers = values.pop("issuers", None)
        tags = values.pop("tags", None)
        base = {
            "title": "关于加强政务公开工作的通知",
            "doc_number": "测政办发〔2026〕1号",
            "doc_kind": "通知",
            "written_on": "2026-03-02",
            "topic": "0101",
            "art20_item": 1,
            "summary": "对全区政务公开工作提出要求。",
            "body": "<p>各街道、各部门：</p><p>现将有关事项通知如下。</p>",
            "keywords": "政务公开 通知",
        }
        base.update(values)
        return services.document_create(
            actor=world.clerk, unit=world.office, values=base, issuers=issuers, tags=tags
        )

    return _make


@pytest.fixture
def publish(world):
    """Drive a draft through review to publication (clerk drafts, reviewer approves)."""

    def _publish(doc, *, reviewer=None):
        lifecycle.document_submit(actor=world.clerk, document=doc)
        lifecycle.document_approve(
            actor=reviewer or world.reviewer,
            document=doc,
            disclosure_mode="主动公开",
            confidentiality_checked=True,
        )
        result = lifecycle.document_publish(actor=world.clerk, document=doc)
        doc.refresh_from_db()
        return result

    return _publish
