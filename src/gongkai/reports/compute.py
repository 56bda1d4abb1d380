"""The report's tables computed from records: one aggregate query per column group.

Table 三: four grouped queries (一, 二, 三 by outcome × applicant type, 四) — 总计 and （七）总计 are
sums of those. Table 四: one query per block (Count with filters). Table 二: one query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from gongkai.reports import layout, sources

Table = dict[str, dict[str, Any]]


@dataclass
class Tables:
    """The numbers of tables 二, 三 and 四, keyed by their printed labels."""

    table2: Table = field(default_factory=dict)
    table3: dict[str, dict[str, int]] = field(default_factory=dict)
    table4: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"table2": self.table2, "table3": self.table3, "table4": self.table4}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tables:
        return cls(
            table2=data.get("table2") or {},
            table3=data.get("table3") or {},
            table4=data.get("table4") or {},
        )


def empty_table3() -> dict[str, dict[str, int]]:
    return {row: dict.fromkeys(layout.T3_COLUMNS, 0) for row in layout.T3_LABELS}


def empty_table4() -> dict[str, dict[str, int]]:
    return {label: dict.fromkeys(layout.T4_COLUMNS, 0) for _, label in layout.T4_BLOCKS}


def empty_table2() -> Table:
    out: Table = {}
    for block in layout.T2_BLOCKS:
        for row in block.rows:
            cols = layout.T2_DOC_COLUMNS if block.column is None else (block.column,)
            out[row] = dict.fromkeys(cols, None)
    return out


def _by_type(qs: Any) -> dict[str, int]:
    labels = dict(layout.APPLICANT_COLUMNS)
    out = dict.fromkeys(layout.T3_COLUMNS, 0)
    for row in qs.order_by().values("applicant_type").annotate(n=Count("pk")):
        label = labels.get(row["applicant_type"])
        if label is not None:
            out[label] += row["n"]
    out[layout.TOTAL] = sum(out[c] for c in layout.COLUMN_LABELS)
    return out


def table3(unit_ids: Iterable[int], year: int) -> dict[str, dict[str, int]]:
    apps = sources.applications_of(unit_ids)
    t = empty_table3()
    t[layout.ROW_NEW] = _by_type(sources.t3_new(apps, year))
    t[layout.ROW_CARRIED_IN] = _by_type(sources.t3_carried_in(apps, year))
    t[layout.ROW_CARRIED_OUT] = _by_type(sources.t3_carried_out(apps, year))
    labels = dict(layout.APPLICANT_COLUMNS)
    grouped = (
        sources.t3_closed(apps, year)
        .order_by()
        .values("outcome", "applicant_type")
        .annotate(n=Count("pk"))
    )
    for g in grouped:
        row = layout.ROW_OF_OUTCOME.get(g["outcome"])
        col = labels.get(g["applicant_type"])
        if row is None or col is None:
            continue  # not countable: the "counted once" check names these records
        t[row][col] += g["n"]
    for row in layout.OUTCOME_ROW_LABELS:
        t[row][layout.TOTAL] = sum(t[row][c] for c in layout.COLUMN_LABELS)
    t[layout.ROW_TOTAL] = {
        c: sum(t[row][c] for row in layout.OUTCOME_ROW_LABELS) for c in layout.T3_COLUMNS
    }
    return t


def table4(unit_ids: Iterable[int], year: int) -> dict[str, dict[str, int]]:
    relief = sources.relief_of(unit_ids, year)
    t = empty_table4()
    for kind, label in layout.T4_BLOCKS:
        counts = relief.filter(kind=kind).aggregate(
            **{
                f"c{i}": Count("pk", filter=sources.t4_condition(year, col) or None)
                for i, col in enumerate(layout.T4_COLUMNS)
            }
        )
        t[label] = {col: counts[f"c{i}"] for i, col in enumerate(layout.T4_COLUMNS)}
    return t


def table2_documents(unit_ids: Iterable[int], year: int) -> Table:
    docs = sources.documents_of(unit_ids)
    t = empty_table2()
    for row in (layout.T2_RULES, layout.T2_NORMATIVE):
        for col in layout.T2_DOC_COLUMNS:
            t[row][col] = sources.t2_cell(docs, year, row, col).count()
    return t


def apply_manual(table2: Table, manual: dict[str, Decimal | None]) -> Table:
    out = {row: dict(cols) for row, cols in table2.items()}
    for key, (row, col) in layout.MANUAL_KEYS.items():
        value = manual.get(key)
        if value is None:
            out[row][col] = None
        elif key == "fees":
            out[row][col] = float(value)
        else:
            out[row][col] = int(value)
    return out


def compute(
    unit_ids: Iterable[int], year: int, manual: dict[str, Decimal | None] | None = None
) -> Tables:
    ids = list(unit_ids)
    return Tables(
        table2=apply_manual(table2_documents(ids, year), manual or {}),
        table3=table3(ids, year),
        table4=table4(ids, year),
    )


def add(tables: Iterable[Tables]) -> Tables:
    """Cell-by-cell sum (a government's aggregate of its units' reports)."""
    total = Tables(table2=empty_table2(), table3=empty_table3(), table4=empty_table4())
    for t in tables:
        for name in ("table2", "table3", "table4"):
            target = getattr(total, name)
            for row, cols in getattr(t, name).items():
                for col, value in cols.items():
                    if row not in target or value is None:
                        continue
                    target[row][col] = (target[row].get(col) or 0) + value
    return total
