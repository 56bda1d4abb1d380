"""The annual report on GB/T 9704-2012 paper (issue 15): A4 pages, no blank page, every part's
heading printed once, no editor's prompt, a 草稿 mark until it is published."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from gongkai.reports import layout, render
from gongkai.reports.assemble import assemble
from gongkai.reports.services import report_edit_texts, report_open, report_publish
from gongkai.reports.tests.test_publish import fill

pytestmark = pytest.mark.usefixtures("year_of_records")
DRAFT = re.compile(r"草\s*稿")


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_draft_pdf_is_a4_without_blank_pages_repeats_or_prompts(world):
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    report_edit_texts(
        actor=world.clerk, report=report, version=report.version,
        texts={"part5": "审批材料归档不及时。（请说明存在的主要问题及改进措施。）"},
    )  # fmt: skip
    pdf = render.render_pdf(assemble(world.office, 2024))
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        w, h = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert (round(w), round(h)) == (595, 842)  # A4, portrait or landscape
    pages = _pages(pdf)
    for i, text in enumerate(pages, start=1):
        assert len(DRAFT.sub("", text).split()) > 5, f"page {i} is (nearly) blank"
    text = "\n".join(pages)
    for _, title in layout.PARTS:
        assert text.count(title) == 1, title
    assert "请说明" not in text
    assert "审批材料归档不及时" in text
    assert DRAFT.search(text)  # the mark (spaced out in the PDF's text layer)
    assert all(DRAFT.search(t) for t in pages)  # on every page


def test_the_published_report_has_no_draft_mark_and_the_docx_is_a4(world):
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    fill(world, report)
    draft_docx = Docx(io.BytesIO(render.render_docx(assemble(world.office, 2024))))
    assert "草稿" in draft_docx.sections[0].header.paragraphs[0].text
    report_publish(actor=world.head, report=report)
    a = assemble(world.office, 2024)
    assert not DRAFT.search("\n".join(_pages(render.render_pdf(a))))
    doc = Docx(io.BytesIO(render.render_docx(a)))
    first = doc.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert (round(first.top_margin.mm), round(first.left_margin.mm)) == (37, 28)
    assert "草稿" not in first.header.paragraphs[0].text
    wide = [s for s in doc.sections if s.page_width > s.page_height]
    assert wide, "tables 三 and 四 sit in a landscape section"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [t for _, t in layout.PARTS]


def test_text_parts_are_on_portrait_pages_and_only_the_wide_tables_on_landscape(world):
    """GB/T 9704-2012 横排表格: tables 三 and 四 on landscape pages; the text, parts 五 and 六
    after the tables included, back on portrait pages (they used to run on in the last
    landscape page); the title shares its page with part 一."""
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    fill(world, report)
    report_edit_texts(
        actor=world.clerk, report=report, version=report.version,
        texts={"part5": "审批材料归档不及时。", "part6": "本年度未收取信息处理费。"},
    )  # fmt: skip
    pdf = render.render_pdf(assemble(world.office, 2024))
    reader = PdfReader(io.BytesIO(pdf))
    landscape = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    pages = _pages(pdf)

    def page_of(title: str) -> int:
        found = [i for i, text in enumerate(pages) if title in text.replace(" ", "")]
        assert len(found) == 1, (title, found)
        return found[0]

    wide = {"part3", "part4"}
    for key, title in layout.PARTS:
        assert landscape[page_of(title)] == (key in wide), (title, landscape)
    assert page_of("一、总体情况") == 0  # with the title, not a title page alone
    assert landscape[page_of("审批材料归档不及时")] is False
    first, last = landscape.index(True), len(landscape) - 1 - landscape[::-1].index(True)
    assert all(landscape[first : last + 1]), landscape  # one landscape run, portrait around it
    assert not landscape[-1]
