"""Table-driven rules: receipt dates (Art. 31), fees (109号), outcomes (§3), the state table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.applications.fees import FeeMethod, per_piece_amount, per_volume_amount, quote
from gongkai.applications.intake import Channel, late_entry, receipt_date
from gongkai.applications.machine import TRANSITIONS, State, actions_from, check
from gongkai.applications.outcomes import (
    OUTCOME_RULES,
    Outcome,
    full_row_label,
    outcome_from_report_label,
    report_row,
)
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.org.access import Perm
from gongkai.workdays.tests.test_counting import NATIONAL_DAY_2024

D = dt.date
REPORT_FORMAT = (
    Path(__file__).resolve().parents[5] / "shared" / "reference" / "annual-report-format.md"
)


# --- 条例 Art. 31: the receipt date of each channel ----------------------------------------
def test_art31_in_person_the_day_submitted():
    assert receipt_date(Channel.IN_PERSON, submitted=D(2024, 9, 20))[0] == D(2024, 9, 20)


def test_art31_online_the_day_the_platform_confirms():
    got, rule = receipt_date(Channel.ONLINE, submitted=D(2024, 9, 21))
    assert got == D(2024, 9, 21)
    assert "第三十一条" in rule


def test_art31_registered_mail_the_day_the_agency_signs():
    got, _ = receipt_date(Channel.REGISTERED_MAIL, submitted=D(2024, 9, 18), signed=D(2024, 9, 23))
    assert got == D(2024, 9, 23)


def test_art31_registered_mail_without_the_signing_date_is_refused():
    with pytest.raises(ValidationFailed, match="签收日期"):
        receipt_date(Channel.REGISTERED_MAIL, submitted=D(2024, 9, 18))


@pytest.mark.parametrize("channel", [Channel.ORDINARY_LETTER, Channel.FAX, Channel.EMAIL])
def test_art31_letter_fax_email_the_day_confirmed_with_the_applicant(channel):
    got, _ = receipt_date(channel, submitted=D(2024, 9, 18), confirmed=D(2024, 9, 19))
    assert got == D(2024, 9, 19)
    with pytest.raises(ValidationFailed, match="确认日期"):
        receipt_date(channel, submitted=D(2024, 9, 18))


def test_seed004_paper_entry_more_than_two_working_days_after_receipt_is_flagged():
    # Received Fri 2024-09-27; Sun 09-29 is a make-up working day; 10-01..07 off.
    assert late_entry(NATIONAL_DAY_2024, D(2024, 9, 27), D(2024, 9, 30)) == (False, 2)
    late, n = late_entry(NATIONAL_DAY_2024, D(2024, 9, 27), D(2024, 10, 8))
    assert (late, n) == (True, 3)
    assert late_entry(NATIONAL_DAY_2024, D(2024, 9, 27), D(2024, 9, 27)) == (False, 0)


# --- Art. 42 / 国办函〔2020〕109号: fees at the band edges -------------------------------------
@pytest.mark.parametrize(
    ("nth", "amount"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_109_per_piece_bands(nth, amount):
    assert per_piece_amount(nth) == amount


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (150, 1700),  # the reference's example
        (200, 2700),
        (201, 2740),
        (250, 4700),  # the reference's example
    ],
)
def test_109_per_volume_progressive_bands(pages, amount):
    assert per_volume_amount(pages) == amount


def test_109_a_quote_names_its_basis():
    q = quote(FeeMethod.PER_VOLUME, 150)
    assert q.amount == 1700
    assert any("109号" in line for line in q.lines)


# --- §3: every outcome maps to its annual-report row ----------------------------------------
def test_every_outcome_has_exactly_one_rule_with_a_table_three_row():
    assert set(OUTCOME_RULES) == set(Outcome)
    text = REPORT_FORMAT.read_text(encoding="utf-8") if REPORT_FORMAT.exists() else ""
    for outcome in Outcome:
        row = report_row(outcome)
        assert row
        if text:
            assert row in text, (outcome, row)


@pytest.mark.parametrize(
    ("outcome", "row"),
    [
        (Outcome.ALREADY_PUBLIC, "（一）予以公开"),
        (Outcome.DISCLOSED, "（一）予以公开"),
        (Outcome.PARTIAL, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        (Outcome.STATE_SECRET, "（三）不予公开 1.属于国家秘密"),
        (Outcome.THIRD_PARTY, "（三）不予公开 4.保护第三方合法权益"),
        (Outcome.QUERY_REGIME, "（三）不予公开 8.属于行政查询事项"),
        (Outcome.NOT_HELD, "（四）无法提供 1.本机关不掌握相关政府信息"),
        (Outcome.STILL_UNCLEAR, "（四）无法提供 3.补正后申请内容仍不明确"),
        (Outcome.REPEAT, "（五）不予处理 2.重复申请"),
        (Outcome.EXCESSIVE, "（五）不予处理 4.无正当理由大量反复申请"),
        (
            Outcome.NO_CORRECTION,
            "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        (
            Outcome.FEE_UNPAID,
            "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        (Outcome.OTHER, "（六）其他处理 3.其他"),
    ],
)
def test_outcome_rows(outcome, row):
    assert full_row_label(outcome) == row


def test_table_three_has_22_distinct_result_rows_and_each_is_reached():
    rows = {full_row_label(o) for o in Outcome}
    assert len(rows) == 21  # 36(一) and 36(二) share （一）予以公开: 22 outcomes, 21 rows


@pytest.mark.parametrize(
    ("label", "outcome"),
    [
        ("予以公开", Outcome.DISCLOSED),
        ("部分公开", Outcome.PARTIAL),
        ("属于国家秘密", Outcome.STATE_SECRET),
        ("本机关不掌握相关政府信息", Outcome.NOT_HELD),
        ("重复申请", Outcome.REPEAT),
        ("其他", Outcome.OTHER),
        ("1.属于国家秘密", Outcome.STATE_SECRET),
        ("不存在的结果", None),
    ],
)
def test_import_labels_map_back_to_outcomes(label, outcome):
    assert outcome_from_report_label(label) == outcome


# --- the state machine table ----------------------------------------------------------------
def test_illegal_transitions_are_refused_in_chinese():
    with pytest.raises(DomainError, match="不能执行“出具答复”"):
        check("send_reply", State.HANDLING)
    with pytest.raises(DomainError, match="未知的操作"):
        check("teleport", State.HANDLING)


def test_the_table_is_complete_and_only_closed_is_terminal():
    for state in State:
        if state == State.CLOSED:
            assert actions_from(state) == []
        else:
            assert actions_from(state), state
    assert TRANSITIONS["extend"].perm == Perm.APPROVE_EXTENSION  # Art. 33: the head approves
    assert TRANSITIONS["approve_reply"].perm == Perm.REVIEW
