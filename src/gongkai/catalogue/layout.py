"""The national layout of a 政务公开事项标准目录, read from and written to XLSX/CSV exactly.

Columns, in order (国办发〔2019〕54号; the 26 pilot areas' 标准指引): 序号 | 公开事项 (一级事项,
二级事项) | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 (全社会,
特定群体) | 公开方式 (主动, 依申请) | 公开层级 (the body's own levels, e.g. 区级, 街镇级). The header
takes two rows (the grouped columns are merged over their sub-columns); the three grouped
columns are ticked with √. An 一级事项 cell is merged down over its 二级事项 rows; a row without
序号 continues the item above (its non-empty cells are appended as new lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.core.errors import ValidationFailed
from gongkai.org.tabular import Grid, read_grids

# (key, label) of the single columns, in the layout's order after 序号
SEQ = "序号"
GROUP_MATTER = "公开事项"
LEVEL1, LEVEL2 = "一级事项", "二级事项"
TEXT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("content", "公开内容（要素）"),
    ("basis", "公开依据"),
    ("time_limit", "公开时限"),
    ("subject", "公开主体"),
    ("channels", "公开渠道和载体"),
)
GROUP_AUDIENCE, AUDIENCES = "公开对象", ("全社会", "特定群体")
GROUP_MODE, MODES = "公开方式", ("主动", "依申请")
GROUP_TIER = "公开层级"
DEFAULT_TIERS = ("区级", "街镇级")
TICKS = {"√", "✓", "✔", "☑", "●", "是", "Y", "y", "1"}
TICK = "√"
REQUIRED = ("level1", "content", "time_limit", "subject")
LABELS = {"level1": LEVEL1, "level2": LEVEL2, **dict(TEXT_COLUMNS)}
MAX_ITEMS = 5000


@dataclass
class ParsedItem:
    seq: int
    line: int
    level1: str = ""
    level2: str = ""
    content: str = ""
    basis: str = ""
    time_limit: str = ""
    subject: str = ""
    channels: str = ""
    audiences: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)


@dataclass
class ParsedCatalogue:
    tier_labels: list[str]
    items: list[ParsedItem]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def _col(n: int) -> str:
    """Spreadsheet column letters of a 0-based index (A, B, … AA)."""
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _find_header(grid: Grid) -> int | None:
    for i, row in enumerate(grid.rows[:12]):
        cells = [_norm(c) for c in row.cells]
        if SEQ in cells and "公开时限" in cells:
            return i
    return None


def parse_catalogue(name: str, content: bytes) -> ParsedCatalogue:
    """The catalogue in ``content`` (XLSX or CSV in the national layout). Every problem is
    reported with its row and column; nothing is returned unless the whole file is right."""
    if not (name.lower().endswith(".xlsx") or name.lower().endswith(".csv")):
        raise ValidationFailed(["请上传 .xlsx 或 .csv 格式的标准目录（国家标准目录的表格格式）"])
    grids = read_grids(name, content=content)
    grid = next((g for g in grids if _find_header(g) is not None), None)
    if grid is None:
        raise ValidationFailed(
            ["没有找到表头：第一张工作表的前 12 行中应有“序号”“公开事项”……“公开时限”等列"]
        )
    h = _find_header(grid)
    assert h is not None
    top = [_norm(c) for c in grid.rows[h].cells]
    sub = [_norm(c) for c in grid.rows[h + 1].cells] if h + 1 < len(grid.rows) else []
    sub += [""] * (len(top) - len(sub))
    for j in range(1, len(top)):  # a CSV keeps a merged group's label in its first cell only
        if (
            not top[j]
            and sub[j]
            and top[j - 1] in (GROUP_MATTER, GROUP_AUDIENCE, GROUP_MODE, GROUP_TIER)
        ):
            top[j] = top[j - 1]
    problems: list[str] = []
    where: dict[str, int] = {}
    group_cols: dict[str, list[tuple[int, str]]] = {
        GROUP_AUDIENCE: [],
        GROUP_MODE: [],
        GROUP_TIER: [],
    }
    for j, (t, s) in enumerate(zip(top, sub, strict=True)):
        if t == SEQ:
            where["seq"] = j
        elif t == GROUP_MATTER or t in (LEVEL1, LEVEL2):
            label = s if t == GROUP_MATTER else t
            if label == LEVEL1:
                where["level1"] = j
            elif label == LEVEL2:
                where["level2"] = j
        elif t in group_cols and s:
            group_cols[t].append((j, s))
        else:
            for key, label in TEXT_COLUMNS:
                if t == _norm(label) or (key == "content" and t in ("公开内容", "公开内容要素")):
                    where[key] = j
    for key, label in (("seq", SEQ), ("level1", LEVEL1), ("level2", LEVEL2), *TEXT_COLUMNS):
        if key not in where:
            problems.append(
                f"表头缺少“{label}”列（第{grid.rows[h].line}–{grid.rows[h].line + 1}行）"
            )
    for group, expected in ((GROUP_AUDIENCE, AUDIENCES), (GROUP_MODE, MODES)):
        got = [s for _, s in group_cols[group]]
        if got != list(expected):
            problems.append(
                f"“{group}”下应有“{'”“'.join(expected)}”两列（第{grid.rows[h].line + 1}行），"
                f"现为“{'”“'.join(got) or '无'}”"
            )
    if not group_cols[GROUP_TIER]:
        problems.append(
            f"“{GROUP_TIER}”下应列出层级，如“区级”“街镇级”（第{grid.rows[h].line + 1}行）"
        )
    if problems:
        raise ValidationFailed(problems)
    tier_labels = [s for _, s in group_cols[GROUP_TIER]]
    items: list[ParsedItem] = []
    seen: dict[int, int] = {}
    for row in grid.rows[h + 2 :]:
        cells = row.cells + [""] * (len(top) - len(row.cells))
        own = (
            [c if not row.from_above[j] else "" for j, c in enumerate(cells)]
            if row.from_above
            else cells
        )
        if not any(c.strip() for c in cells):
            continue
        raw_seq = cells[where["seq"]].strip()
        if not raw_seq or (row.from_above and row.from_above[where["seq"]]):
            if not items:
                problems.append(f"第{row.line}行：第一条事项没有“序号”")
                continue
            prev = items[-1]  # a continuation row: its own (unmerged) cells extend the item
            for key in ("level2", *[k for k, _ in TEXT_COLUMNS]):
                extra = own[where[key]].strip()
                if extra:
                    setattr(prev, key, f"{getattr(prev, key)}\n{extra}".strip())
            continue
        if not raw_seq.isdigit():
            problems.append(f"第{row.line}行{_col(where['seq'])}列“序号”应为数字，现为“{raw_seq}”")
            continue
        seq = int(raw_seq)
        if seq in seen:
            problems.append(f"第{row.line}行“序号”{seq}与第{seen[seq]}行重复")
            continue
        seen[seq] = row.line
        item = ParsedItem(seq=seq, line=row.line)
        for key in ("level1", "level2", *[k for k, _ in TEXT_COLUMNS]):
            setattr(item, key, cells[where[key]].strip())
        for group, target in (
            (GROUP_AUDIENCE, "audiences"),
            (GROUP_MODE, "modes"),
            (GROUP_TIER, "tiers"),
        ):
            ticked = [s for j, s in group_cols[group] if cells[j].strip() in TICKS]
            setattr(item, target, ticked)
            bad = [
                f"{_col(j)}列“{s}”"
                for j, s in group_cols[group]
                if cells[j].strip() and cells[j].strip() not in TICKS
            ]
            if bad:
                problems.append(f"第{row.line}行{'、'.join(bad)}：请用“√”勾选或留空")
        for key in REQUIRED:
            if not getattr(item, key):
                problems.append(f"第{row.line}行{_col(where[key])}列“{LABELS[key]}”不能为空")
        if not item.audiences:
            problems.append(f"第{row.line}行“{GROUP_AUDIENCE}”至少勾选一项（全社会或特定群体）")
        if not item.modes:
            problems.append(f"第{row.line}行“{GROUP_MODE}”至少勾选一项（主动或依申请）")
        items.append(item)
        if len(items) > MAX_ITEMS:
            raise ValidationFailed([f"事项超过 {MAX_ITEMS} 条，请检查文件"])
    if not items and not problems:
        problems.append("文件只有表头，没有任何事项：请在表头下逐行填写事项")
    if problems:
        raise ValidationFailed(problems)
    return ParsedCatalogue(tier_labels=tier_labels, items=items)


def write_xlsx(title: str, tier_labels: list[str], items: list[ParsedItem]) -> bytes:
    """The catalogue in the national layout: a title row, the two header rows with their
    merges, one row per item, each 一级事项 merged down over its consecutive items."""
    from openpyxl.styles import Alignment, Border, Font, Side

    from gongkai.core.spreadsheet import new_workbook, xlsx_bytes

    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "标准目录"
    tiers = tier_labels or list(DEFAULT_TIERS)
    singles = [label for _k, label in TEXT_COLUMNS]
    width = 1 + 2 + len(singles) + len(AUDIENCES) + len(MODES) + len(tiers)
    ws.cell(row=1, column=1, value=title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    top: list[str] = [SEQ, GROUP_MATTER, GROUP_MATTER, *singles]
    sub: list[str] = ["", LEVEL1, LEVEL2, *[""] * len(singles)]
    for group, labels in ((GROUP_AUDIENCE, AUDIENCES), (GROUP_MODE, MODES), (GROUP_TIER, tiers)):
        top += [group] * len(labels)
        sub += list(labels)
    for j, (t, s) in enumerate(zip(top, sub, strict=True), start=1):
        ws.cell(row=2, column=j, value=t)
        if s:
            ws.cell(row=3, column=j, value=s)
    # header merges: single columns down over two rows, groups across their sub-columns
    j = 1
    while j <= width:
        k = j
        while k + 1 <= width and top[k] == top[j - 1]:
            k += 1
        if not sub[j - 1]:
            ws.merge_cells(start_row=2, start_column=j, end_row=3, end_column=j)
        elif k > j:
            ws.merge_cells(start_row=2, start_column=j, end_row=2, end_column=k)
        j = k + 1
    thin = Side(style="thin")
    for r, item in enumerate(items, start=4):
        values: list[object] = [item.seq, item.level1, item.level2]
        values += [getattr(item, key) for key, _ in TEXT_COLUMNS]
        values += [TICK if a in item.audiences else "" for a in AUDIENCES]
        values += [TICK if m in item.modes else "" for m in MODES]
        values += [TICK if t in item.tiers else "" for t in tiers]
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    start = 4
    for r in range(4, 4 + len(items) + 1):
        same = r < 4 + len(items) and items[r - 4].level1 == items[start - 4].level1
        if not same:
            if r - 1 > start:
                ws.merge_cells(start_row=start, start_column=2, end_row=r - 1, end_column=2)
            start = r
    for row in ws.iter_rows(min_row=2, max_row=3 + len(items), max_col=width):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for letter, w in zip("ABCDEFGH", (6, 14, 18, 30, 30, 20, 16, 20), strict=False):
        ws.column_dimensions[letter].width = w
    return xlsx_bytes(wb)
