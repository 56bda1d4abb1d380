"""监督统计: the figures capabilities register (``workbench.figures``), per unit and year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.core.views import staff_view
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import UnitKind
from gongkai.workbench.figures import figure_tables

FIRST_YEAR = 2019  # the revised 条例 (国务院令第711号) took effect 2019-05-15


@staff_view(Perm.VIEW_STATISTICS)
def supervision(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    years = list(range(this_year, FIRST_YEAR - 1, -1))
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if year not in years:
        year = this_year
    units = list(
        units_visible_to(request.user, Perm.VIEW_STATISTICS)
        .exclude(kind=UnitKind.DIVISION)
        .order_by("code")
    )
    return render(
        request,
        "workbench/supervision.html",
        {"years": years, "year": year, "tables": figure_tables(units, year), "units": units},
    )
