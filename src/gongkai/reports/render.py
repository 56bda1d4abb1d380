"""The report in the national layout: one grid per table (cells with their row/column spans)
drives every output — the HTML page, the .docx, the .xlsx and the PDF — so they cannot differ."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from gongkai.core import paper
from gongkai.core.spreadsheet import new_workbook, xlsx_bytes
from gongkai.reports import layout
from gongkai.reports.assemble import Assembled

CJK_FONT = "Noto Serif CJK SC"  # installed with fonts-noto-cjk; embedded by WeasyPrint


@dataclass
class Cell:
    text: str
    tag: str = "td"  # th | td
    rowspan: int = 1
    colspan: int = 1
    scope: str = ""  # col | colgroup | row | rowgroup
    key: tuple[str, str, str] | None = None  # (table, row, column) of a number
    url: str = ""


Grid = list[list[Cell]]
CellUrl = Callable[[str, str, str], str]


def fmt(value: Any) -> str:
    if value is None:
        return "未填报"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _num(table: str, row: str, col: str, value: Any, url: CellUrl | None) -> Cell:
    cell = Cell(fmt(value), key=(table, row, col))
    if url is not None and table in ("2", "3", "4"):
        cell.url = url(table, row, col)
    return cell


def table2_grids(a: Assembled, url: CellUrl | None = None) -> list[tuple[str, Grid]]:
    t2 = a.tables.table2
    out = []
    for block in layout.T2_BLOCKS:
        cols = layout.T2_DOC_COLUMNS if block.column is None else (block.column,)
        grid: Grid = [
            [Cell(layout.T2_CONTENT, "th", scope="col")]
            + [Cell(c, "th", scope="col") for c in cols]
        ]
        for row in block.rows:
            link = url if block.column is None else None
            grid.append(
                [Cell(row, "th", scope="row")]
                + [_num("2", row, c, t2.get(row, {}).get(c), link) for c in cols]
            )
        out.append((block.item, grid))
    return out


def table3_grid(a: Assembled, url: CellUrl | None = None) -> Grid:
    t3 = a.tables.table3
    orgs = layout.COLUMN_LABELS[1:]
    grid: Grid = [
        [
            Cell(layout.T3_CORNER, "td", rowspan=3, colspan=3),
            Cell(layout.T3_APPLICANTS, "th", colspan=7, scope="colgroup"),
        ],
        [
            Cell(layout.COLUMN_LABELS[0], "th", rowspan=2, scope="col"),
            Cell(layout.T3_ORGANISATIONS, "th", colspan=len(orgs), scope="colgroup"),
            Cell(layout.TOTAL, "th", rowspan=2, scope="col"),
        ],
        [Cell(c, "th", scope="col") for c in orgs],
    ]

    def numbers(row: str) -> list[Cell]:
        return [_num("3", row, c, t3.get(row, {}).get(c, 0), url) for c in layout.T3_COLUMNS]

    for row in (layout.ROW_NEW, layout.ROW_CARRIED_IN):
        grid.append([Cell(row, "th", colspan=3, scope="row"), *numbers(row)])
    seen_groups: set[str] = set()
    for i, r in enumerate(layout.OUTCOME_ROWS):
        cells: list[Cell] = []
        if i == 0:
            cells.append(
                Cell(layout.ROW_RESULTS, "th", rowspan=layout.RESULTS_ROWSPAN, scope="rowgroup")
            )
        if r.group is None:
            cells.append(Cell(r.label, "th", colspan=2, scope="row"))
        else:
            if r.group not in seen_groups:
                seen_groups.add(r.group)
                cells.append(
                    Cell(r.group, "th", rowspan=layout.GROUP_SIZES[r.group], scope="rowgroup")
                )
            cells.append(Cell(r.label, "th", scope="row"))
        grid.append(cells + numbers(r.label))
    grid.append([Cell(layout.ROW_TOTAL, "th", colspan=2, scope="row"), *numbers(layout.ROW_TOTAL)])
    grid.append(
        [
            Cell(layout.ROW_CARRIED_OUT, "th", colspan=3, scope="row"),
            *numbers(layout.ROW_CARRIED_OUT),
        ]
    )
    return grid


def table4_grid(a: Assembled, url: CellUrl | None = None) -> Grid:
    t4 = a.tables.table4
    n = len(layout.T4_COLUMNS)
    grid: Grid = [
        [
            Cell(layout.T4_RECONSIDERATION, "th", rowspan=2, colspan=n, scope="colgroup"),
            Cell(layout.T4_LITIGATION, "th", colspan=2 * n, scope="colgroup"),
        ],
        [
            Cell(layout.T4_DIRECT, "th", colspan=n, scope="colgroup"),
            Cell(layout.T4_AFTER, "th", colspan=n, scope="colgroup"),
        ],
        [Cell(c, "th", scope="col") for _ in layout.T4_BLOCKS for c in layout.T4_COLUMNS],
        [
            _num("4", label, c, t4.get(label, {}).get(c, 0), url)
            for _, label in layout.T4_BLOCKS
            for c in layout.T4_COLUMNS
        ],
    ]
    return grid


@dataclass
class Placed:
    cell: Cell
    row: int
    col: int


def place(grid: Grid) -> tuple[list[Placed], int, int]:
    """Absolute positions of the grid's cells (HTML table layout), and the grid's size."""
    taken: set[tuple[int, int]] = set()
    out: list[Placed] = []
    width = 0
    for r, cells in enumerate(grid):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            out.append(Placed(cell, r, c))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    height = max((r for r, _ in taken), default=-1) + 1
    return out, height, width


def context(a: Assembled, url: CellUrl | None = None) -> dict[str, Any]:
    return {
        "a": a,
        "titles": layout.PART_TITLES,
        "table2": table2_grids(a, url),
        "table3": table3_grid(a, url),
        "table4": table4_grid(a, url),
    }


def is_draft(a: Assembled) -> bool:
    """Not (yet) the published report: its printed forms carry a 草稿 mark."""
    return a.report is None or a.report.state != "published"


def render_html(a: Assembled) -> str:
    """A standalone, accessible HTML document (also the source of the PDF), on GB/T 9704-2012
    paper (core.paper); the wide tables on landscape pages."""
    return render_to_string(
        "reports/print.html",
        {
            **context(a),
            "font": CJK_FONT,
            "page_css": paper.page_css(),
            "paper": paper,
            "draft": is_draft(a),
        },
    )


def render_pdf(a: Assembled) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(a)).write_pdf())


def _grids(a: Assembled) -> list[tuple[str, str, Grid]]:
    out = [(layout.PART_TITLES["part2"], item, g) for item, g in table2_grids(a)]
    out.append((layout.PART_TITLES["part3"], "", table3_grid(a)))
    out.append((layout.PART_TITLES["part4"], "", table4_grid(a)))
    return out


def render_xlsx(a: Assembled) -> bytes:
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = new_workbook()
    ws = wb.active
    ws.title = f"{a.year}年度报告"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(row=1, column=1, value=a.title).font = Font(bold=True, size=14)
    r0 = 3
    last_part = ""
    for part, item, grid in _grids(a):
        if part != last_part:
            ws.cell(row=r0, column=1, value=part).font = Font(bold=True)
            r0 += 1
            last_part = part
        if item:
            ws.cell(row=r0, column=1, value=item).font = Font(bold=True)
            r0 += 1
        placed, height, _ = place(grid)
        for p in placed:
            row, col = r0 + p.row, 1 + p.col
            value: Any = p.cell.text
            if p.cell.key is not None and p.cell.text != "未填报":
                value = float(p.cell.text) if "." in p.cell.text else int(p.cell.text)
            target = ws.cell(row=row, column=col, value=value)
            target.alignment = Alignment(wrap_text=True, vertical="center")
            target.border = border
            if p.cell.tag == "th":
                target.font = Font(bold=True)
            if p.cell.rowspan > 1 or p.cell.colspan > 1:
                ws.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + p.cell.rowspan - 1,
                    end_column=col + p.cell.colspan - 1,
                )
        r0 += height + 1
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 36
    return xlsx_bytes(wb)


def render_docx(a: Assembled) -> bytes:
    """The report as .docx on GB/T 9704-2012 paper: A4 portrait text pages, the wide tables 三
    and 四 in a landscape section, a 草稿 header on anything not published."""
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Docx()
    paper.setup_docx(doc)
    if is_draft(a):
        paper.draft_watermark_docx(doc)
    paper.docx_title(doc, a.title)

    def heading(text: str) -> None:
        # a Word heading (navigation pane, outline) in the standard's look: 3号黑体, indented
        para = doc.add_heading(level=1)
        para.paragraph_format.first_line_indent = Pt(paper.BODY_PT * 2)
        para.paragraph_format.line_spacing = Pt(paper.LINE_PITCH_PT)
        para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
        run = para.add_run(text)
        run.bold = False
        run.font.size = Pt(paper.BODY_PT)
        run.font.color.rgb = RGBColor(0, 0, 0)
        run.font.name = "黑体"
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")

    def orient(landscape: bool) -> None:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        w, h = (paper.PAGE_HEIGHT_MM, paper.PAGE_WIDTH_MM) if landscape else (
            paper.PAGE_WIDTH_MM, paper.PAGE_HEIGHT_MM)  # fmt: skip
        section.page_width, section.page_height = Mm(w), Mm(h)

    def add_grid(grid: Grid) -> None:
        placed, height, width = place(grid)
        table = doc.add_table(rows=height, cols=width)
        table.style = "Table Grid"
        for p in placed:
            target = table.cell(p.row, p.col)
            if p.cell.rowspan > 1 or p.cell.colspan > 1:
                target = target.merge(
                    table.cell(p.row + p.cell.rowspan - 1, p.col + p.cell.colspan - 1)
                )
            target.text = p.cell.text
            for para in target.paragraphs:
                para.paragraph_format.line_spacing = 1.0
                para.paragraph_format.first_line_indent = Pt(0)
                for r in para.runs:
                    r.font.size = Pt(9)
                    r.bold = p.cell.tag == "th"

    grids = {"part3": table3_grid(a), "part4": table4_grid(a)}
    landscape = False
    for key, title in layout.PARTS:
        wide = key in grids
        if wide != landscape:
            orient(wide)
            landscape = wide
        heading(title)
        if key in layout.TEXT_PARTS:
            for para in a.texts.get(key, "").split("\n"):
                if para.strip():
                    paper.docx_body(doc, para.strip())
        elif key == "part2":
            for item, grid in table2_grids(a):
                paper.docx_body(doc, item, indent=False)
                add_grid(grid)
        else:
            paper.docx_body(doc, "单位：件", indent=False)
            add_grid(grids[key])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_json(a: Assembled) -> dict[str, Any]:
    return a.as_json()
