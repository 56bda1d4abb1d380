"""The supervisors' figures of the standard catalogue (监督统计), each from ``overview``."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.overview import catalogue_status
from gongkai.org.models import Unit
from gongkai.workbench.figures import Figure


def catalogue_figures(units: Sequence[Unit], year: int) -> list[Figure]:
    status = catalogue_status(units, year, timezone.localdate())
    out: list[Figure] = []
    for unit in units:
        st = status[unit.pk]
        if st.catalogue is None:
            out.append(Figure(unit, "标准目录", "未发布", late=True))
            continue
        url = reverse("catalogue:unit", args=[unit.code])
        out += [
            Figure(unit, "标准目录", f"第{st.catalogue.number}版", url=url),
            Figure(unit, "本年更新（次）", st.updated_in_year),
            Figure(unit, "事项数", st.items),
            Figure(unit, "已关联具体信息", st.linked),
            Figure(unit, "未按时限公开", st.flagged, late=bool(st.flagged)),
        ]
    return out
