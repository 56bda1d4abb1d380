"""Paper as GB/T 9704-2012《党政机关公文格式》 lays it out, stated once for every printed output
(the letters of disclosure requests, the annual report): .docx through python-docx, PDF through
WeasyPrint.

- 5.2.1 A4 (210 mm × 297 mm); 5.2.2 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm (so the right
  margin is 26 mm and the bottom 35 mm);
- 5.2.3 body in 3号仿宋 (16 pt), 22 lines of 28 characters in the 版心;
- 7.2.2 title in 2号小标宋 (22 pt), centred;
- 7.3.5.1 dates in Arabic numerals, year in full, month and day without leading zeros
  (2026年12月6日).

Fonts: the official 仿宋_GB2312 / 方正小标宋 are not free. The files name them first (a district's
Word finds them) and PDFs fall back to Noto Serif CJK SC (Regular for the body, Bold for the
title), from Debian's ``fonts-noto-cjk`` (scripts/ensure-paper-fonts.sh installs it).
"""

from __future__ import annotations

import datetime
from typing import Any

from gongkai import formats

# GB/T 9704-2012 5.2: millimetres
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TOP_MM = 37  # 天头
LEFT_MM = 28  # 订口
TEXT_WIDTH_MM = 156  # 版心宽
TEXT_HEIGHT_MM = 225  # 版心高
RIGHT_MM = PAGE_WIDTH_MM - LEFT_MM - TEXT_WIDTH_MM  # 26
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - TEXT_HEIGHT_MM  # 35
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号

_PT_PER_MM = 72 / 25.4
LINE_PITCH_PT = round(TEXT_HEIGHT_MM * _PT_PER_MM / LINES_PER_PAGE, 2)  # 28.95
CHAR_PITCH_PT = round(TEXT_WIDTH_MM * _PT_PER_MM / CHARS_PER_LINE, 3)  # 15.793

BODY_FONT = "仿宋_GB2312"  # what a district's Word has
BODY_FONT_ALT = "FangSong"  # 仿宋 as Windows names it
TITLE_FONT = "方正小标宋简体"
FREE_FALLBACK = "Noto Serif CJK SC"  # fonts-noto-cjk (Debian), embedded in the PDFs


def cn_date(d: datetime.date | None) -> str:
    """2026年12月6日 (GB/T 9704-2012 7.3.5.1); "" for no date (gongkai.formats.cn_date)."""
    return formats.cn_date(d)


def cn_date_text(raw: str) -> str:
    """An ISO date kept as text in an event's data, written the same way ("" stays "")."""
    try:
        return cn_date(datetime.date.fromisoformat(raw))
    except (TypeError, ValueError):
        return raw


def page_css() -> str:
    """The @page and type rules for WeasyPrint."""
    letter_spacing = round(CHAR_PITCH_PT - BODY_PT, 3)
    return f"""
@page {{ size: A4; margin: {TOP_MM}mm {RIGHT_MM}mm {BOTTOM_MM}mm {LEFT_MM}mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: "{FREE_FALLBACK}";
    font-size: 14pt; }} }}
body {{ font-family: "{BODY_FONT}", "{BODY_FONT_ALT}", "{FREE_FALLBACK}", serif;
  font-size: {BODY_PT}pt; line-height: {LINE_PITCH_PT}pt; letter-spacing: {letter_spacing}pt;
  text-align: justify; margin: 0; }}
h1.doc-title {{ font-family: "{TITLE_FONT}", "{FREE_FALLBACK}", serif; font-weight: 700;
  font-size: {TITLE_PT}pt; line-height: {round(LINE_PITCH_PT * 1.5, 2)}pt; text-align: center;
  letter-spacing: 0; margin: 0 0 {LINE_PITCH_PT}pt; }}
p {{ margin: 0; text-indent: 2em; orphans: 2; widows: 2; }}
"""


def setup_docx(doc: Any) -> None:
    """A4, the margins, the 22 × 28 grid and the body font on a python-docx ``Document``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    for section in doc.sections:
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(TOP_MM)
        section.bottom_margin = Mm(BOTTOM_MM)
        section.left_margin = Mm(LEFT_MM)
        section.right_margin = Mm(RIGHT_MM)
        sect = section._sectPr
        for old in sect.findall(qn("w:docGrid")):
            sect.remove(old)
        grid = OxmlElement("w:docGrid")
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))  # twentieths of a point
        # character pitch = font size + charSpace/4096 pt (ECMA-376 17.6.5)
        grid.set(qn("w:charSpace"), str(round((CHAR_PITCH_PT - BODY_PT) * 4096)))
        sect.append(grid)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    fmt = style.paragraph_format
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def docx_title(doc: Any, text: str) -> Any:
    """The title: 2号小标宋, centred, followed by one blank line."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.line_spacing = Pt(round(LINE_PITCH_PT * 1.5, 2))
    run = para.add_run(text)
    run.font.size = Pt(TITLE_PT)
    run.font.name = TITLE_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TITLE_FONT)
    doc.add_paragraph()
    return para


def docx_body(doc: Any, text: str, *, indent: bool = True) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para = doc.add_paragraph(text)
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        para.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    return para


def docx_right(doc: Any, text: str, *, chars_from_right: int = 4) -> Any:
    """A line set right with ``chars_from_right`` characters of space (signature and date:
    右空四字, GB/T 9704-2012 7.3.5.2)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para = doc.add_paragraph(text)
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para.paragraph_format.right_indent = Pt(BODY_PT * chars_from_right)
    return para


def draft_watermark_docx(doc: Any, text: str = "草稿") -> None:
    """A visible 草稿 mark at the top of every page (the header) of an unpublished document."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for section in doc.sections:
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = para.add_run(f"【{text}】未发布，仅供审核")
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
