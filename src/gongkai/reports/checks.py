"""The checks (勾稽关系) a report must pass before it can be published.

Each check names its rule (as the reference states it) and, when it fails, what is wrong and which
records cause it. ``run_checks`` is pure over the tables plus the facts the caller gathered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from gongkai.reports import layout
from gongkai.reports.compute import Tables

RULE_COLUMN = "各列：第一项加第二项之和，等于第三项加第四项之和（一+二=（七）总计+四）"
RULE_TOTAL = "（七）总计=（一）+（二）+（三）1-8+（四）1-3+（五）1-5+（六）1-3"
RULE_ROW = "各行：总计=自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他"
RULE_CARRY = "上年结转：本年“二、上年结转”=上年报告“四、结转下年度继续办理”（同一机关）"
RULE_NEGATIVE = "所有数字不得为负数"
RULE_ONCE = "每件办结的申请在“三、本年度办理结果”中计且只计一次"
RULE_T4 = "表四各组：总计=结果维持+结果纠正+其他结果+尚未审结"
RULE_MANUAL = "行政许可、行政处罚、行政强制数量和行政事业性收费金额须人工填报（可填0）"
RULE_AGGREGATE = "政府汇总报告=所属各单位报告之和"


@dataclass
class Check:
    rule: str
    ok: bool
    detail: str = ""
    records: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Facts:
    """What the checks need besides the tables."""

    prior_carried_out: dict[str, int] | None = None  # last year's row 四, by column
    prior_source: str = ""  # e.g. "2023年度报告（导入）"
    carried_in_records: list[str] = field(default_factory=list)
    uncounted_records: list[str] = field(default_factory=list)  # closed, no countable outcome
    misdated_records: list[str] = field(default_factory=list)  # closed before received
    closed_count: int | None = None  # distinct applications closed in the year
    member_sum: Tables | None = None  # for a government report: the sum of its units' reports
    member_names: list[str] = field(default_factory=list)


def _cols(diff: list[str]) -> str:
    return "；".join(diff)


def run_checks(t: Tables, facts: Facts) -> list[Check]:
    checks: list[Check] = []
    t3 = t.table3

    def cell(row: str, col: str) -> int:
        return int(t3.get(row, {}).get(col) or 0)

    bad = []
    for col in layout.T3_COLUMNS:
        left = cell(layout.ROW_NEW, col) + cell(layout.ROW_CARRIED_IN, col)
        right = cell(layout.ROW_TOTAL, col) + cell(layout.ROW_CARRIED_OUT, col)
        if left != right:
            bad.append(f"{col}列：一+二={left}，（七）总计+四={right}")
    if bad and facts.misdated_records:
        bad.append(f"{len(facts.misdated_records)} 件申请的办结日期早于收到日期")
    checks.append(
        Check(
            RULE_COLUMN, not bad, _cols(bad) or "各列均平衡", facts.misdated_records if bad else []
        )
    )

    bad = []
    for col in layout.T3_COLUMNS:
        parts = sum(cell(r, col) for r in layout.OUTCOME_ROW_LABELS)
        if parts != cell(layout.ROW_TOTAL, col):
            bad.append(f"{col}列：各项之和={parts}，（七）总计={cell(layout.ROW_TOTAL, col)}")
    checks.append(Check(RULE_TOTAL, not bad, _cols(bad) or "各列均相符"))

    bad = []
    for row in layout.T3_LABELS:
        parts = sum(cell(row, c) for c in layout.COLUMN_LABELS)
        if parts != cell(row, layout.TOTAL):
            bad.append(f"“{row}”：六类申请人之和={parts}，总计={cell(row, layout.TOTAL)}")
    checks.append(Check(RULE_ROW, not bad, _cols(bad) or "各行均相符"))

    if facts.prior_carried_out is None:
        checks.append(
            Check(RULE_CARRY, True, "本平台无上年报告，也无上年记录可比对；如有上年报告请导入")
        )
    else:
        bad = []
        for col in layout.T3_COLUMNS:
            prior = int(facts.prior_carried_out.get(col) or 0)
            if prior != cell(layout.ROW_CARRIED_IN, col):
                bad.append(f"{col}列：本年二={cell(layout.ROW_CARRIED_IN, col)}，上年四={prior}")
        detail = (
            f"与{facts.prior_source}不一致：{_cols(bad)}" if bad else f"与{facts.prior_source}一致"
        )
        checks.append(
            Check(RULE_CARRY, not bad, detail, facts.carried_in_records[:50] if bad else [])
        )

    negatives = []
    for name, table in (("表二", t.table2), ("表三", t.table3), ("表四", t.table4)):
        for row, cols in table.items():
            for col, value in cols.items():
                if value is not None and value < 0:
                    negatives.append(f"{name}“{row}”/“{col}”={value}")
    checks.append(Check(RULE_NEGATIVE, not negatives, _cols(negatives) or "无负数"))

    once_bad = []
    if facts.uncounted_records:
        once_bad.append(f"{len(facts.uncounted_records)} 件已办结申请没有可计入表三的办理结果")
    if facts.closed_count is not None and facts.closed_count != cell(
        layout.ROW_TOTAL, layout.TOTAL
    ):
        once_bad.append(
            f"本年办结 {facts.closed_count} 件，表三（七）总计为 {cell(layout.ROW_TOTAL, layout.TOTAL)}"
        )
    checks.append(
        Check(
            RULE_ONCE,
            not once_bad,
            _cols(once_bad) or "每件办结申请均计入一次",
            facts.uncounted_records[:50],
        )
    )

    bad = []
    for block, cols in t.table4.items():
        parts = sum(int(cols.get(c) or 0) for c in layout.T4_COLUMNS[:-1])
        if parts != int(cols.get(layout.TOTAL) or 0):
            bad.append(f"{block}：各项之和={parts}，总计={cols.get(layout.TOTAL)}")
    checks.append(Check(RULE_T4, not bad, _cols(bad) or "各组均相符"))

    missing = [
        f"{row}（{col}）"
        for row, col in layout.MANUAL_KEYS.values()
        if t.table2.get(row, {}).get(col) is None
    ]
    checks.append(
        Check(
            RULE_MANUAL, not missing, ("尚未填报：" + "、".join(missing)) if missing else "已填报"
        )
    )

    if facts.member_sum is not None:
        bad = []
        for name in ("table2", "table3", "table4"):
            mine, theirs = getattr(t, name), getattr(facts.member_sum, name)
            for row, cols in mine.items():
                for col, value in cols.items():
                    other = theirs.get(row, {}).get(col)
                    if (value or 0) != (other or 0):
                        bad.append(f"“{row}”/“{col}”：汇总={value}，各单位之和={other}")
        members = "、".join(facts.member_names)
        checks.append(
            Check(RULE_AGGREGATE, not bad, _cols(bad[:20]) or f"与{members}的报告之和一致")
        )
    return checks


def failed(checks: list[Check]) -> list[Check]:
    return [c for c in checks if not c.ok]
