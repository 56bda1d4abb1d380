"""The statutory numbers and the due dates built on them (catalogue by 31 March, adoption report
within 10 working days of the decision document's publication, consultation ≥ 30 days)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.participation import rules, selectors, services
from gongkai.participation.tests.conftest import (
    at,
    make_flow,
    publish_document,
    result_document,
)

pytestmark = pytest.mark.usefixtures("calendar")


def test_the_numbers_are_the_ones_the_rules_state():
    assert rules.CONSULTATION_MIN_DAYS == 30  # 713号 Art. 14
    assert rules.ADOPTION_REPORT_WORKING_DAYS == 10  # seed 002 row 23, seed 004 item 22
    assert rules.CATALOGUE_DUE == (3, 31)  # seed 002 row 20
    assert rules.REPRESENTATIVE_MEETINGS_TARGET == 4  # seed 002 row 24
    assert rules.OPEN_ACTIVITIES_TARGET == 1  # seed 004 item 25
    assert rules.OPEN_MONTH == 8  # seed 002 row 31


def test_the_catalogue_is_due_on_31_march_of_its_year(world):
    assert selectors.catalogue_due(2026) == dt.date(2026, 3, 31)
    cat = services.catalogue_save(
        actor=world.clerk,
        unit=world.office,
        year=2026,
        items=[{"name": "示范区养老服务设施布局规划", "lead_unit": "区民政局"}],
    )
    assert selectors.catalogue_timeliness(cat, dt.date(2026, 3, 20)).state == "open"
    assert selectors.catalogue_timeliness(cat, dt.date(2026, 3, 27)).state == "due_soon"
    assert selectors.catalogue_timeliness(cat, dt.date(2026, 4, 1)).state == "overdue"
    services.catalogue_publish(
        actor=world.reviewer, catalogue_id=cat.pk, version=cat.version, on=dt.date(2026, 3, 31)
    )
    cat.refresh_from_db()
    assert selectors.catalogue_timeliness(cat, dt.date(2026, 5, 1)).state == "on_time"


def test_a_catalogue_published_in_april_is_late(world):
    cat = services.catalogue_save(
        actor=world.clerk,
        unit=world.office,
        year=2026,
        items=[{"name": "事项", "lead_unit": "区府办"}],
    )
    services.catalogue_publish(
        actor=world.reviewer, catalogue_id=cat.pk, version=cat.version, on=dt.date(2026, 4, 1)
    )
    cat.refresh_from_db()
    assert selectors.catalogue_timeliness(cat).state == "late"


@pytest.mark.parametrize(
    ("opens", "closes", "reason", "ok"),
    [
        ("2025-08-20", "2025-09-19", "", True),  # 30 days after the opening day
        ("2025-08-20", "2025-09-18", "", False),  # 29 days, no reason
        ("2025-08-20", "2025-09-05", "涉及汛期安全，需尽快实施", True),  # shorter, reason recorded
        ("2025-08-20", "2025-08-20", "理由", False),  # must end after it opens
    ],
)
def test_a_consultation_lasts_30_days_unless_a_reason_is_recorded(world, opens, closes, reason, ok):
    def make():
        return services.consultation_create(
            actor=world.clerk,
            unit=world.office,
            title="草案",
            sections=[("", "第一条")],
            opens_on=dt.date.fromisoformat(opens),
            closes_on=dt.date.fromisoformat(closes),
            short_reason=reason,
        )

    if ok:
        assert (
            make().duration_days
            == (dt.date.fromisoformat(closes) - dt.date.fromisoformat(opens)).days
        )
    else:
        with pytest.raises(ValidationFailed):
            make()


def test_the_refusal_names_the_article_and_the_earliest_closing_date(world):
    with pytest.raises(ValidationFailed, match=r"不少于30日.*第十四条.*2025年9月19日"):
        services.consultation_create(
            actor=world.clerk,
            unit=world.office,
            title="草案",
            sections=[("", "第一条")],
            opens_on=dt.date(2025, 8, 20),
            closes_on=dt.date(2025, 9, 1),
        )


def test_the_adoption_report_is_due_10_working_days_after_publication_across_national_day(world):
    flow = make_flow(world)
    doc = result_document(world)
    services.decision_link_result(
        actor=world.clerk,
        decision_id=flow.decision.pk,
        version=flow.decision.version,
        document_id=doc.pk,
    )
    flow.decision.refresh_from_db()
    assert selectors.report_due(flow.decision) is None  # not until the document is public
    with at("2025-09-26"):  # a Friday; 1–8 October is the National Day holiday
        publish_document(world, doc)
    assert doc.published_on == dt.date(2025, 9, 26)
    # 9-28 (Sunday, a make-up working day) is the 1st, 9-29 and 9-30 the 2nd and 3rd,
    # 10-1..10-8 are not counted, 10-9, 10-10, 10-11 (Saturday, make-up), 10-13..10-16.
    assert selectors.report_due(flow.decision) == dt.date(2025, 10, 16)
    assert selectors.report_timeliness(flow.decision, dt.date(2025, 10, 13)).state == "due_soon"
    assert selectors.report_timeliness(flow.decision, dt.date(2025, 10, 17)).state == "overdue"
