"""The annual report's tables 三 and 四 as queries over the cases (reference §3, §5;
annual-report-format.md). The reports module reads these; nothing here is stored.

Counting (annual-report-format.md): received in the year → 一; received earlier and still open on
1 January → 二; closed in the year → once in 三 by its outcome; still open on 31 December → 四.
A multi-item application counts once (one case, one outcome).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from gongkai.applications.models import Application, ReliefCase
from gongkai.applications.outcomes import ApplicantType, ReliefKind, ReliefOutcome, full_row_label

COLUMNS = [
    t.value for t in ApplicantType
]  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他
NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
TOTAL = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"


@dataclass
class TableThree:
    year: int
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # row → column → count

    def cell(self, row: str, column: str) -> int:
        return self.rows.get(row, {}).get(column, 0)

    def total(self, row: str) -> int:
        return sum(self.rows.get(row, {}).values())

    def problems(self) -> list[str]:
        """The checks the report enforces: 一 + 二 = 总计 + 四 in every column."""
        out = []
        for col in COLUMNS:
            left = self.cell(NEW, col) + self.cell(CARRIED_IN, col)
            right = self.cell(TOTAL, col) + self.cell(CARRIED_OUT, col)
            if left != right:
                out.append(f"{ApplicantType(col).label}列：一+二={left}，总计+四={right}，不相等")
        return out


def _bump(table: TableThree, row: str, column: str) -> None:
    table.rows.setdefault(row, dict.fromkeys(COLUMNS, 0))[column] += 1


def table_three(unit_ids: Iterable[int], year: int) -> TableThree:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = Application.objects.filter(unit_id__in=list(unit_ids)).filter(
        Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    )
    table = TableThree(year=year)
    for app in qs.only("applicant_type", "received_on", "closed_on", "outcome", "state"):
        col = app.applicant_type
        if app.received_on >= start:
            _bump(table, NEW, col)
        else:
            _bump(table, CARRIED_IN, col)
        if app.closed_on is not None and app.closed_on <= end:
            _bump(table, full_row_label(app.outcome), col)
            _bump(table, TOTAL, col)
        else:
            _bump(table, CARRIED_OUT, col)
    return table


def table_four(unit_ids: Iterable[int], year: int) -> dict[str, dict[str, int]]:
    """Reconsideration and litigation (table 四) by kind and outcome, for cases filed in
    ``year``; only the agency whose reply is challenged counts them (国办公开办函〔2016〕201号)."""
    out = {k.value: {o.value: 0 for o in ReliefOutcome} for k in ReliefKind}
    for r in ReliefCase.objects.filter(
        application__unit_id__in=list(unit_ids), filed_on__year=year
    ).only("kind", "outcome"):
        out[r.kind][r.outcome] += 1
    return out
