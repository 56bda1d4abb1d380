"""Each statutory number is encoded once (gongkai.statute) and agrees with the reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai import statute

REFERENCE = (
    Path(__file__).resolve().parents[4] / ".." / "shared" / "reference" / "disclosure-rules.md"
)

EXPECTED = [
    # (constant, value, article, words that the reference row contains)
    ("REPLY_WORKING_DAYS", 20, "Art. 33", "Reply deadline"),
    ("EXTENSION_MAX_WORKING_DAYS", 20, "Art. 33", "Extension"),
    ("CORRECTION_NOTICE_WORKING_DAYS", 7, "Art. 30", "Correction (补正)"),
    ("THIRD_PARTY_REPLY_WORKING_DAYS", 15, "Art. 32", "Third-party consultation"),
    ("CO_MAKER_REPLY_WORKING_DAYS", 15, "Art. 34", "Jointly made information"),
    ("PAPER_ENTRY_WORKING_DAYS", 2, "seed 004", "Entry into the platform"),
    ("PROACTIVE_PUBLISH_WORKING_DAYS", 20, "Art. 26", "Deadline"),
    ("FEE_PAYMENT_WORKING_DAYS", 20, "109", "Fee notice"),
    ("CONVERT_TO_PROACTIVE_DAYS", 30, "Art. 44", "To proactive disclosure"),
    ("DIVERSIFIED_INTERPRETATION_MIN_PERCENT", 50, "seed 000", "Diversified interpretations"),
    ("FEE_FREE_APPLICATIONS_PER_MONTH", 10, "109", "按件"),
    ("FEE_FREE_PAGES", 30, "109", "按量"),
]


@pytest.mark.parametrize(("name", "value", "article", "row"), EXPECTED)
def test_each_number_has_its_statutory_value_and_cites_its_article(name, value, article, row):
    assert getattr(statute, name) == value
    source = Path(statute.__file__).read_text(encoding="utf-8")
    line = next(li for li in source.splitlines() if li.startswith(f"{name} ="))
    assert article in line, f"{name} must cite {article} in its comment"


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/reference is not beside this checkout"
)
@pytest.mark.parametrize(("name", "value", "article", "row"), EXPECTED)
def test_the_reference_states_the_same_number(name, value, article, row):
    text = REFERENCE.read_text(encoding="utf-8")
    # The reference row (a table row "| Row |" or a bullet "- Row") and its bold number.
    lines = [li for li in text.splitlines() if li.startswith((f"| {row}", f"- {row}"))]
    assert len(lines) == 1, (row, lines)
    # Where the row highlights its number, the number must be the highlighted one.
    candidates = re.findall(r"\*\*([^*]+)\*\*", lines[0]) or [lines[0]]
    assert any(re.search(rf"(?<![\d.]){value}(?![\d.])", c) for c in candidates), (
        name,
        lines[0],
    )


def test_the_annual_report_dates_are_art_49():
    assert statute.DEPARTMENT_REPORT_DUE == (1, 31)
    assert statute.GOVERNMENT_REPORT_DUE == (3, 31)
