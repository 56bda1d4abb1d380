"""The supervisors' yearly figures per unit (监督统计), from the one statistics selector."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from gongkai.interaction.selectors import Counts, unit_counts_for_year
from gongkai.org.models import Unit
from gongkai.workbench.figures import Figure


def interaction_figures(units: Sequence[Unit], year: int) -> list[Figure]:
    counts = unit_counts_for_year(units, year)
    url = reverse("interaction_staff:stats") + f"?year={year}"
    out = []
    for unit in units:
        c = counts.get(unit.pk, Counts())
        out += [
            Figure(unit, "收到留言（件）", c.received, url=url),
            Figure(unit, "按期答复（件）", c.on_time, url=url),
            Figure(unit, "逾期（件）", c.overdue, late=c.overdue > 0, url=url),
            Figure(unit, "满意率", c.satisfaction_rate, url=url),
            Figure(unit, "留言选登（件）", c.published, url=url),
        ]
    return out
