"""The national format of the annual report (国办公开办函〔2021〕30号), stated once.

Labels are exact (annual-report-format.md); every output (JSON, HTML, .docx, .xlsx, PDF), the
checks and the XLSX import read them from here. The table 三 outcome rows come from
applications.outcomes.OUTCOME_RULES, where the outcome → row mapping is encoded once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.applications.outcomes import OUTCOME_RULES, ApplicantType, ReliefKind, ReliefOutcome

TITLE = "政府信息公开工作年度报告"
PARTS = (
    ("part1", "一、总体情况"),
    ("part2", "二、主动公开政府信息情况"),
    ("part3", "三、收到和处理政府信息公开申请情况"),
    ("part4", "四、政府信息公开行政复议、行政诉讼情况"),
    ("part5", "五、存在的主要问题及改进情况"),
    ("part6", "六、其他需要报告的事项"),
)
PART_TITLES = dict(PARTS)
TEXT_PARTS = ("part1", "part5", "part6")
# What each text part should say: shown to the editor as a hint, never printed in the report.
TEXT_PROMPTS = {
    "part1": "概述本年度主动公开、依申请公开、政策解读、平台建设和监督保障等工作。",
    "part5": "说明存在的主要问题及改进措施。",
    "part6": "说明本年度政务公开工作要点的落实情况、收取信息处理费情况及其他需要报告的事项。",
}
_PROMPT = re.compile(r"[（(]请(?:说明|填写|补充)[^）)]*[）)]")


def without_prompts(text: str) -> str:
    """A text part as printed: an editor's prompt left in it (“（请说明……）”) is dropped."""
    return _PROMPT.sub("", text or "").strip()


# --- Table 二 -------------------------------------------------------------------------------
T2_CONTENT = "信息内容"
T2_ISSUED = "本年制发件数"
T2_REPEALED = "本年废止件数"
T2_IN_FORCE = "现行有效件数"
T2_DECISIONS = "本年处理决定数量"
T2_FEE_AMOUNT = "本年收费金额（单位：万元）"
T2_RULES = "规章"
T2_NORMATIVE = "行政规范性文件"
T2_LICENSING = "行政许可"
T2_PENALTY = "行政处罚"
T2_COERCION = "行政强制"
T2_FEES = "行政事业性收费"
T2_DOC_COLUMNS = (T2_ISSUED, T2_REPEALED, T2_IN_FORCE)


@dataclass(frozen=True)
class T2Block:
    item: str  # 第二十条第（一）项
    column: str | None  # None: the three document columns
    rows: tuple[str, ...]


T2_BLOCKS = (
    T2Block("第二十条第（一）项", None, (T2_RULES, T2_NORMATIVE)),
    T2Block("第二十条第（五）项", T2_DECISIONS, (T2_LICENSING,)),
    T2Block("第二十条第（六）项", T2_DECISIONS, (T2_PENALTY, T2_COERCION)),
    T2Block("第二十条第（八）项", T2_FEE_AMOUNT, (T2_FEES,)),
)

# Numbers the platform cannot know: entered by staff with who/when/source (issue 6 §1).
MANUAL_KEYS: dict[str, tuple[str, str]] = {
    "licensing": (T2_LICENSING, T2_DECISIONS),
    "penalty": (T2_PENALTY, T2_DECISIONS),
    "coercion": (T2_COERCION, T2_DECISIONS),
    "fees": (T2_FEES, T2_FEE_AMOUNT),
}

# --- Table 三 -------------------------------------------------------------------------------
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORGANISATIONS = "法人或其他组织"
TOTAL = "总计"
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = tuple((t.value, t.label) for t in ApplicantType)
COLUMN_LABELS = tuple(label for _, label in APPLICANT_COLUMNS)  # 自然人 … 其他
T3_COLUMNS = (*COLUMN_LABELS, TOTAL)

ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULTS = "三、本年度办理结果"
ROW_TOTAL = "（七）总计"
ROW_CARRIED_OUT = "四、结转下年度继续办理"


@dataclass(frozen=True)
class T3Row:
    label: str  # exact label as printed; the JSON key
    group: str | None  # （三）不予公开 … for the numbered rows
    outcomes: tuple[str, ...]  # outcome codes counted in this row


def _outcome_rows() -> list[T3Row]:
    rows: dict[str, T3Row] = {}
    for code, rule in OUTCOME_RULES.items():
        prev = rows.get(rule.report_row)
        outcomes = (*(prev.outcomes if prev else ()), code.value)
        rows[rule.report_row] = T3Row(rule.report_row, rule.group, outcomes)
    return list(rows.values())


OUTCOME_ROWS: tuple[T3Row, ...] = tuple(_outcome_rows())
T3_ROWS: tuple[T3Row, ...] = (
    T3Row(ROW_NEW, None, ()),
    T3Row(ROW_CARRIED_IN, None, ()),
    *OUTCOME_ROWS,
    T3Row(ROW_TOTAL, None, ()),
    T3Row(ROW_CARRIED_OUT, None, ()),
)
T3_LABELS = tuple(r.label for r in T3_ROWS)
OUTCOME_ROW_LABELS = tuple(r.label for r in OUTCOME_ROWS)
ROW_OF_OUTCOME: dict[str, str] = {o: r.label for r in OUTCOME_ROWS for o in r.outcomes}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(r.group for r in OUTCOME_ROWS if r.group))
GROUP_SIZES: dict[str, int] = {g: sum(1 for r in OUTCOME_ROWS if r.group == g) for g in GROUPS}
RESULTS_ROWSPAN = len(OUTCOME_ROWS) + 1  # outcome rows and （七）总计: 22

# --- Table 四 -------------------------------------------------------------------------------
T4_RECONSIDERATION = "行政复议"
T4_LITIGATION = "行政诉讼"
T4_DIRECT = "未经复议直接起诉"
T4_AFTER = "复议后起诉"
T4_BLOCKS: tuple[tuple[str, str], ...] = (
    (ReliefKind.RECONSIDERATION.value, T4_RECONSIDERATION),
    (ReliefKind.LITIGATION_DIRECT.value, T4_DIRECT),
    (ReliefKind.LITIGATION_AFTER.value, T4_AFTER),
)
T4_OUTCOMES: tuple[tuple[str, str], ...] = tuple((o.value, o.label) for o in ReliefOutcome)
T4_COLUMNS = (*(label for _, label in T4_OUTCOMES), TOTAL)
