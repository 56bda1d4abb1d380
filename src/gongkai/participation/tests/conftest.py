"""Fixtures for participation: the 2025 calendar (National Day holiday), a frozen clock, and a
decision built through the services the way staff build one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction

from gongkai.applications.tests.conftest import SHANGHAI, at  # noqa: F401 - the frozen clock
from gongkai.core.middleware import acting_through
from gongkai.documents import lifecycle
from gongkai.documents import services as document_services
from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT
from gongkai.participation import services
from gongkai.participation.models import Consultation, Decision
from gongkai.portal.tests.conftest import axe, axe_violations, browser, compiled_search, page  # noqa: F401
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def load_calendars() -> None:
    with acting_through("cli"):
        for year in (2025, 2026):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)


@pytest.fixture
def calendar(db):
    load_calendars()


@dataclass
class Flow:
    decision: Decision
    consultation: Consultation


def make_flow(
    world, *, opens="2025-08-20", closes="2025-09-19", title="示范区养老服务设施布局规划"
) -> Flow:
    d = services.decision_create(
        actor=world.clerk,
        unit=world.office,
        year=2025,
        title=title,
        background="老年人口增长，需要统筹布局养老服务设施。",
    )
    c = services.consultation_create(
        actor=world.clerk,
        unit=world.office,
        decision=d,
        title=f"{title}（征求意见稿）",
        sections=[
            ("目的", "为统筹养老服务设施布局，制定本规划。"),
            ("布局", "每个街道至少建设一处综合为老服务中心。"),
        ],
        opens_on=dt.date.fromisoformat(opens),
        closes_on=dt.date.fromisoformat(closes),
        interpretation="本规划回应老年人就近养老需求。",
    )
    services.consultation_publish(actor=world.reviewer, consultation_id=c.pk, version=c.version)
    c.refresh_from_db()
    return Flow(d, c)


def result_document(world, title="示范区养老服务设施布局规划（2025—2030年）"):
    document_services.topics_install_defaults()
    return document_services.document_create(
        actor=world.clerk,
        unit=world.office,
        values={**SAMPLE_DOCUMENT, "title": title, "doc_number": "测府发〔2025〕9号"},
    )


def publish_document(world, doc):
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    lifecycle.document_publish(actor=world.clerk, document=doc)
    doc.refresh_from_db()
    return doc


def comment(consultation, text="建议增加社区食堂。", section=None, **kw):
    return services.comment_submit(
        consultation_id=consultation.pk, text=text, section_number=section, **kw
    )


def moderate(world, comment_obj, decision="published", **kw):
    from gongkai.moderation.models import ModerationItem
    from gongkai.moderation.services import moderation_decide

    item = ModerationItem.objects.get(kind=services.COMMENT_KIND, object_id=str(comment_obj.pk))
    return moderation_decide(
        actor=world.reviewer, item_id=item.pk, decision=decision, version=item.version, **kw
    )


__all__ = ["transaction"]
