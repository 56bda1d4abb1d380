"""The supervisors' figures of the standard catalogue (监督统计), one selector for each."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.checks import check_catalogue
from gongkai.catalogue.selectors import catalogue_history, public_catalogue
from gongkai.org.models import Unit
from gongkai.workbench.figures import Figure


def catalogue_figures(units: Sequence[Unit], year: int) -> list[Figure]:
    today = timezone.localdate()
    out: list[Figure] = []
    for unit in units:
        current = public_catalogue(unit.code)
        if current is None:
            out.append(Figure(unit, "标准目录", "未发布", late=True))
            continue
        checks = check_catalogue(current, today)
        url = reverse("catalogue:unit", args=[unit.code])
        updated = catalogue_history(unit).filter(published_at__year=year).count()
        out += [
            Figure(unit, "标准目录", f"第{current.number}版", url=url),
            Figure(unit, "本年更新（次）", updated),
            Figure(unit, "事项数", len(checks)),
            Figure(unit, "已关联具体信息", sum(1 for c in checks if c.status != "unlinked")),
            Figure(
                unit,
                "未按时限公开",
                sum(1 for c in checks if c.flagged),
                late=any(c.flagged for c in checks),
            ),
        ]
    return out
