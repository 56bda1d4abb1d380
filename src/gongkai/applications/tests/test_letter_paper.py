"""Letters on GB/T 9704-2012 paper, and their punctuation checked over every template and every
reply outcome: A4, margins, 仿宋/小标宋, dates as 2026年12月6日, no "。”。", no "答复类型：予以公开。",
《行政复议法》 with its article, contact and seal lines, released files listed."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from gongkai.applications.files import casefile_add
from gongkai.applications.letters import (
    SEAL_LINE,
    letter_for_event,
    render_docx,
    render_html,
)
from gongkai.applications.outcomes import REPLY_OUTCOMES, Outcome
from gongkai.applications.tests.conftest import act, submit
from gongkai.core import paper
from gongkai.testing import tiny_pdf

pytestmark = pytest.mark.usefixtures("calendar")

# What a reader sends back: punctuation doubled or orphaned, ISO or zero-padded dates, a label
# sentence, a law cited without its article.
BAD = [
    (re.compile(r"[。！？；，、：][”」』]?[。；，]"), "doubled punctuation"),
    (re.compile(r"答复类型："), "a label as a sentence"),
    (re.compile(r"\d{4}-\d{1,2}-\d{1,2}"), "ISO date"),
    (re.compile(r"年0\d月|月0\d日"), "leading zero in a date"),
    (re.compile(r"《中华人民共和国行政复议法》(?!第)"), "行政复议法 without its article"),
    (re.compile(r"\$\w"), "unfilled variable"),
]


def _problems(text: str) -> list[str]:
    return [f"{why}: …{text[max(0, m.start() - 12) : m.end() + 12]}…" for rx, why in BAD
            for m in rx.finditer(text)]  # fmt: skip


def _text(letter) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(render_docx(letter))).paragraphs)


def _information_ending_with_a_full_stop(world, day="2024-09-20"):
    return submit(world, day, values={"information": "2024年老旧小区改造项目资金使用情况。"})


@pytest.mark.parametrize("outcome", [o.value for o in REPLY_OUTCOMES])
def test_every_reply_outcome_reads_cleanly(world, outcome):
    app = _information_ending_with_a_full_stop(world)
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    extra = (
        {"withheld": "个人身份证号|涉及个人隐私（条例第十五条）"} if outcome == "partial" else {}
    )
    act(world.clerk, app, "draft_reply", "2024-09-24", outcome=outcome,
        reply_text="经查，现将有关情况告知如下。", **extra)  # fmt: skip
    act(world.reviewer, app, "approve_reply", "2024-09-24")
    if outcome in (Outcome.DISCLOSED, Outcome.PARTIAL):
        casefile_add(actor=world.clerk, code=app.tracking_code, kind="released",
                     name="资金使用情况表.pdf", data=tiny_pdf(), note="资金使用情况表")  # fmt: skip
    app = act(world.clerk, app, "send_reply", "2024-09-25")
    event = app.events.get(letter="reply")
    letter = letter_for_event(app, event)
    text = _text(letter)
    assert _problems(text) == []
    assert "2024年9月25日" in text
    assert f"“{Outcome(outcome).label}”的答复" in text
    assert "《中华人民共和国行政复议法》第二十条" in text
    assert SEAL_LINE in text
    assert "联系" in letter.contact
    if outcome in (Outcome.DISCLOSED, Outcome.PARTIAL):
        assert f"附件：1. {app.tracking_code}-1-资金使用情况表.pdf" in text
    html = render_html(letter)
    assert _problems(re.sub(r"<[^>]+>", "", html.split("</style>")[1])) == []


def test_every_other_letter_kind_reads_cleanly(world):
    app = _information_ending_with_a_full_stop(world)
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "request_correction", "2024-09-23", what="请写明合同编号。",
        until="2024-10-15")  # fmt: skip
    act(world.clerk, app, "receive_correction", "2024-09-24")
    act(world.clerk, app, "start_consultation", "2024-09-25", party="third_party",
        party_name="某建设公司", question="是否同意公开合同金额")  # fmt: skip
    act(world.clerk, app, "end_consultation", "2024-09-27", opinion="同意")
    act(world.clerk, app, "assign", "2024-09-27")
    act(world.head, app, "extend", "2024-10-21", days=10, reason="需调取档案。")
    for _ in range(9):  # a fee is due only past the free quota (as test_pages does)
        submit(world, "2024-09-20")
    fee_case = _information_ending_with_a_full_stop(world)
    act(world.clerk, fee_case, "register", "2024-09-20")
    act(world.clerk, fee_case, "assign", "2024-09-20")
    act(world.clerk, fee_case, "fee_notice", "2024-09-23", method="per_piece")
    seen = set()
    for case in (app, fee_case):
        for event in case.events.exclude(letter=""):
            letter = letter_for_event(case, event)
            text = _text(letter)
            assert _problems(text) == [], event.letter
            assert "资金使用情况”" in text or event.letter == "fee"  # quoted without its "。"
            seen.add(event.letter)
    assert seen == {"correction", "consultation", "extension", "fee"}


def test_the_docx_is_a4_with_the_standard_margins_grid_and_fonts(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    app = act(world.clerk, app, "request_correction", "2024-09-23", what="请写明合同编号")
    letter = letter_for_event(app, app.events.get(letter="correction"))
    doc = Document(io.BytesIO(render_docx(letter)))
    section = doc.sections[0]

    def mm(length) -> float:
        return round(length.mm, 1)  # stored in twentieths of a point

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert (mm(section.right_margin), mm(section.bottom_margin)) == (26, 35)
    grid = section._sectPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid"
    )
    assert grid is not None
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    pitch_pt = int(grid.get(f"{ns}linePitch")) / 20
    assert abs(pitch_pt * 22 - 225 * 72 / 25.4) < 1  # 22 lines fill the 225 mm 版心
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == paper.BODY_PT
    assert normal.font.name == paper.BODY_FONT
    title = doc.paragraphs[0].runs[0]
    assert title.text == "补正告知书"
    assert title.font.size.pt == paper.TITLE_PT
    assert title.font.name == paper.TITLE_FONT
