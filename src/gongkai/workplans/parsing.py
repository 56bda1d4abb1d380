"""From the tables units keep to tasks: header variants, category rows, continuation rows,
several units in one cell, "牵头单位：…；责任单位：…" written inside the task text (seed 004),
"办公室牵头，各处室负责" in one cell (seed 002) and deadlines as written (workdays.phrases).

Pure functions: no database. ``services.plan_import`` resolves the names and writes."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.errors import ValidationFailed
from gongkai.org.tabular import Column, Records, line_problem, read_records
from gongkai.workdays.phrases import (
    Deadline,
    DeadlineKind,
    cn_number,
    find_deadlines,
    parse_deadline,
)

COLUMNS = [
    Column("n", "序号", ("序号", "编号")),
    Column("category", "类别", ("目标", "类别", "分类", "工作类别", "任务类别", "板块")),
    Column("task", "任务", ("任务", "工作任务", "任务名称", "具体任务", "重点任务")),
    Column(
        "requirement",
        "具体要求",
        ("具体要求", "任务内容", "要求", "工作要求", "主要内容", "工作内容"),
    ),
    Column("lead", "牵头单位", ("牵头单位", "牵头处室", "牵头部门", "牵头科室")),
    Column("resp", "责任单位", ("责任单位", "责任处室", "责任部门", "责任科室", "责任")),
    Column("coop", "配合单位", ("配合单位", "配合处室", "配合部门", "配合科室")),
    Column("person", "责任人", ("责任人", "联系人")),
    Column("measures", "完成措施", ("完成措施", "工作措施", "具体措施", "推进措施")),
    Column("due", "完成时限", ("完成时限", "时间节点", "完成时间", "时限", "时间安排")),
]
TEXT_KEYS = ("category", "task", "requirement", "person", "measures")
ROLES = ("lead", "resp", "coop")
ROLE_LABELS = {"lead": "牵头单位", "resp": "责任单位", "coop": "配合单位"}
EMPTY_MARKS = {"——", "—", "-", "--", "无", "/", "\\"}


@dataclass
class ParsedTask:
    line: int
    number: int
    number_written: str
    category: str
    task: str
    requirement: str = ""
    person: str = ""
    measures: str = ""
    role_texts: dict[str, str] = field(default_factory=dict)  # role → text as written
    names: dict[str, list[str]] = field(default_factory=dict)  # role → unit names as written
    due_written: str = ""
    deadline: Deadline | None = None

    @property
    def due_kind(self) -> str:
        return str(self.deadline.kind) if self.deadline else ""


def _clean(text: str) -> str:
    """The cell as written, trimmed; a dash or 无 meaning "none" becomes empty."""
    text = (text or "").strip()
    return "" if unicodedata.normalize("NFKC", text) in EMPTY_MARKS else text


_NUMBER_RE = re.compile(r"^[（(]?\s*([0-9]+|[一二三四五六七八九十百零〇两]+)\s*[)）]?[、.．,，]?$")


def parse_number(written: str) -> int | None:
    """'1' / '1、' / '(一)' / '（十三）' → int; None when the cell is not a number."""
    m = _NUMBER_RE.match(unicodedata.normalize("NFKC", written).strip())
    if not m:
        return None
    value = m.group(1)
    if value.isdigit():
        return int(value)
    if "百" in value:
        hundreds, _, rest = value.partition("百")
        h = cn_number(hundreds) if hundreds else 1
        r = cn_number(rest.lstrip("零〇")) if rest.strip("零〇") else 0
        return None if h is None or r is None else h * 100 + r
    return cn_number(value)


# ---- unit names ------------------------------------------------------------------------------

_INLINE_RE = re.compile(
    r"[(（]\s*((?:牵头单位|责任单位|配合单位|牵头部门|责任部门|配合部门)\s*[:：].*?)[)）]\s*$", re.S
)
_LABEL_RE = re.compile(r"(牵头|责任|配合)(?:单位|部门|处室)\s*[:：]")
_SEPARATORS = re.compile(r"[、，,；;/\s]+|(?:以及|会同|和|及|与)")  # 和 etc. only between names
_ROLE_SUFFIX = re.compile(r"(牵头负责|牵头|负责|配合|协助|参与)$")


def split_inline_units(text: str) -> tuple[str, dict[str, str]]:
    """'…工作。(牵头单位:区政府办公室;责任单位:各街镇、园区)' → (the task text without the
    parenthesis, {"lead": "区政府办公室", "resp": "各街镇、园区"})."""
    m = _INLINE_RE.search(text)
    if not m:
        return text, {}
    inner = m.group(1)
    found: dict[str, str] = {}
    parts = list(_LABEL_RE.finditer(inner))
    for i, p in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(inner)
        value = inner[p.end() : end].strip().strip("；;，,。")
        role = {"牵头": "lead", "责任": "resp", "配合": "coop"}[p.group(1)]
        found[role] = (found[role] + "、" + value) if role in found else value
    return text[: m.start()].rstrip(), found


def split_role_clauses(text: str, default_role: str) -> dict[str, str]:
    """'办公室与政策研究和法规处牵头，各处室负责' → {"lead": "办公室与政策研究和法规处",
    "resp": "各处室"}; a clause without a role word keeps the column's role."""
    out: dict[str, list[str]] = {}
    if not any(_ROLE_SUFFIX.search(c.strip()) for c in re.split(r"[，,；;]", text)):
        return {default_role: text} if text.strip() else {}
    for clause in re.split(r"[，,；;]", text):
        clause = clause.strip()
        if not clause:
            continue
        role = default_role
        m = _ROLE_SUFFIX.search(clause)
        if m and len(clause) > len(m.group(1)):
            word = m.group(1)
            role = (
                "coop" if word in ("配合", "协助", "参与") else "lead" if "牵头" in word else "resp"
            )
            clause = clause[: m.start()]
        out.setdefault(role, []).append(clause)
    return {r: "，".join(v) for r, v in out.items()}


def split_names(text: str, known: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Unit names in one cell, separated by 、，,；; 和 及 与 会同 or spaces. Names of the unit
    tree that contain a separator word (政策研究和法规处) are kept whole."""
    text = _clean(text)
    if not text:
        return []
    protected: dict[str, str] = {}
    for i, name in enumerate(sorted((k for k in known if k), key=len, reverse=True)):
        if name in text and _SEPARATORS.search(name):
            token = f"\x00{i}\x00"
            protected[token] = name
            text = text.replace(name, token)
    names = []
    for piece in _SEPARATORS.split(text):
        piece = piece.strip().strip("。")
        for token, name in protected.items():
            piece = piece.replace(token, name)
        piece = _ROLE_SUFFIX.sub("", piece)
        if piece and piece not in EMPTY_MARKS and piece not in names:
            names.append(piece)
    return names


# ---- the table --------------------------------------------------------------------------------


def read_plan_table(path: Path | str, *, content: bytes | None = None) -> Records:
    return read_records(path, COLUMNS, required=("task",), number_key="n", content=content)


def _join(a: str, b: str) -> str:
    return f"{a}\n{b}" if a and b else a or b


def parse_plan(records: Records, known_names: list[str] | tuple[str, ...] = ()) -> list[ParsedTask]:
    """Tasks from the records, in order. Raises ``ValidationFailed`` naming every bad row."""
    problems: list[str] = []
    tasks: list[ParsedTask] = []
    path: list[str] = []  # category headings: level 1 (一、) then level 2 ((一))
    has_due = "due" in records.columns
    seen: dict[int, int] = {}
    where = records.where
    for rec in records.records:
        v = {k: _clean(x) for k, x in rec.values.items()}
        if rec.kind == "category":
            heading = v["_text"]
            path = [path[0], heading] if re.match(r"^[（(]", heading) and path else [heading]
            continue
        if rec.kind == "continuation":
            if not tasks:
                problems.append(
                    line_problem(where, rec.line, "第一项任务之前有一行没有序号，请填写序号")
                )
                continue
            prev = tasks[-1]
            for key in ("task", "requirement", "measures", "person"):
                if v.get(key) and key not in rec.merged:
                    setattr(prev, key, _join(getattr(prev, key), v[key]))
            for role in ROLES:
                if v.get(role) and role not in rec.merged:
                    prev.role_texts[role] = _join(prev.role_texts.get(role, ""), v[role])
            if v.get("due") and "due" not in rec.merged and not prev.due_written:
                prev.due_written = v["due"]
            continue
        written = v.get("n", "")
        number = parse_number(written)
        if number is None:
            problems.append(
                line_problem(
                    where, rec.line, f"序号“{written}”不是数字，请写成 1、2、3 或（一）（二）"
                )
            )
            continue
        if number in seen:
            problems.append(
                line_problem(where, rec.line, f"序号 {number} 与第{seen[number]}行重复，请检查序号")
            )
            continue
        seen[number] = rec.line
        task_text = v.get("task", "")
        if not task_text:
            problems.append(line_problem(where, rec.line, "任务为空，请填写任务名称或内容"))
            continue
        category = v.get("category") or " / ".join(path)
        task_text, inline = split_inline_units(task_text)
        requirement = v.get("requirement", "")
        requirement, inline_req = split_inline_units(requirement)
        role_texts: dict[str, str] = {}
        for role in ROLES:
            if v.get(role):
                for r, t in split_role_clauses(v[role], role).items():
                    role_texts[r] = _join(role_texts.get(r, ""), t) if r in role_texts else t
        for role, t in (inline | inline_req).items():
            role_texts.setdefault(role, t)
        tasks.append(
            ParsedTask(
                line=rec.line,
                number=number,
                number_written=written,
                category=category,
                task=task_text,
                requirement=requirement,
                person=v.get("person", ""),
                measures=v.get("measures", ""),
                role_texts=role_texts,
                due_written=v.get("due", "") if has_due else "",
            )
        )
    if not tasks and not problems:
        problems.append(
            f"{where}没有找到任务：请检查表头下方是否有任务行" if where else "没有找到任务"
        )
    if problems:
        raise ValidationFailed(problems)
    for pt in tasks:
        pt.names = {r: split_names(txt, known_names) for r, txt in pt.role_texts.items()}
        if has_due:
            pt.deadline = parse_deadline(pt.due_written) if pt.due_written else None
        else:
            # No deadline column (seed 004): the last "by" date written in the text, if any.
            found = find_deadlines(_join(pt.task, pt.requirement))
            if found:
                pt.deadline = found[-1]
                pt.due_written = found[-1].written
    return tasks


def due_date_of(t: ParsedTask, year: int) -> datetime.date | None:
    if t.deadline is None or t.deadline.kind == DeadlineKind.ALL_YEAR:
        return None
    return t.deadline.resolve(year)
