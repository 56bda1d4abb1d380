from __future__ import annotations

import pytest

from gongkai.documents import lifecycle, services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _taxonomy(request):
    """The taxonomy comes from a data migration; a transactional (browser) test elsewhere in the
    session empties the tables, so put it back for the tests here that use the database."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("live_server" if "live_server" in request.fixturenames else "db")
        services.topics_install_defaults()


# A complete draft's metadata, as a clerk fills the form (other apps' tests reuse it).
SAMPLE_DOCUMENT = {
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


@pytest.fixture
def make_doc(world):
    def _make(**values):
        issuers = values.pop("issuers", None)
        tags = values.pop("tags", None)
        base = {**SAMPLE_DOCUMENT, **values}
        return services.document_create(
            actor=world.clerk, unit=world.office, values=base, issuers=issuers, tags=tags
        )

    return _make


def record_normative(doc, reviewer):
    """Record a normative document's 合法性审核 and 集体审议, as a reviewer does."""
    import datetime

    today = datetime.date.today()
    return lifecycle.document_record_normative(
        actor=reviewer,
        document=doc,
        legality_reviewer="测试区司法局",
        legality_reviewed_on=today - datetime.timedelta(days=2),
        legality_opinion="经审核，该文件制定主体、内容和程序合法。",
        collective_meeting="测试区政府第3次常务会议",
        collective_decided_on=today - datetime.timedelta(days=1),
    )


@pytest.fixture
def publish(world):
    """Drive a draft through review to publication (clerk drafts, reviewer approves; a normative
    document's 合法性审核 and 集体审议 are recorded and the head publishes it)."""

    def _publish(doc, *, reviewer=None):
        lifecycle.document_submit(actor=world.clerk, document=doc)
        lifecycle.document_approve(
            actor=reviewer or world.reviewer,
            document=doc,
            disclosure_mode="主动公开",
            confidentiality_checked=True,
        )
        doc.refresh_from_db()
        publisher = world.clerk
        if doc.is_normative:
            record_normative(doc, world.reviewer)
            publisher = world.head
        _tag_if_policy(world, doc)
        result = lifecycle.document_publish(actor=publisher, document=doc)
        doc.refresh_from_db()
        return result

    return _publish


# The browser fixtures (Chromium via Playwright, axe-core) are the portal's; imported, not copied.
from gongkai.portal.tests.conftest import (  # noqa: E402, F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)


def _tag_if_policy(world, doc):
    """A policy is published with its tags (finder.wiring.publish_check), as a clerk would."""
    from gongkai.finder.models import PolicyTagging
    from gongkai.finder.selectors import is_policy
    from gongkai.finder.services import tags_set

    if is_policy(doc) and not PolicyTagging.objects.filter(document=doc).exists():
        tags_set(actor=world.clerk, document=doc, tags={"who": ["企业"], "support": ["资金补贴"]})
