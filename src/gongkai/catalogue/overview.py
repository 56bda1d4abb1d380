"""Each unit's 标准化 status, one definition for every page that shows it: the supervisors'
figures (监督统计), the 标准化 overview of the supervising office, the to-do list."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_noop

from gongkai.catalogue.checks import ItemCheck, check_catalogue
from gongkai.catalogue.models import Catalogue, CatalogueItem
from gongkai.catalogue.selectors import catalogue_history, published_catalogues
from gongkai.org.models import Unit

# the overview's filter: a unit is in exactly one state, the worst that applies
NONE, FLAGGED, UNLINKED, OK = "none", "flagged", "unlinked", "ok"
STATES = {
    NONE: gettext_noop("未发布标准目录"),
    FLAGGED: gettext_noop("有未按时限公开的事项"),
    UNLINKED: gettext_noop("有未关联具体信息的事项"),
    OK: gettext_noop("目录已发布、事项均已关联且按时公开"),
}


@dataclass(frozen=True)
class CatalogueStatus:
    unit: Unit
    catalogue: Catalogue | None  # the current published version
    checks: tuple[ItemCheck, ...]  # each item's 公开时限 check (``checks.py``)
    unlinked: int  # items naming no record that fulfils them (超链接归集 missing)
    updated_in_year: int  # versions published in the year

    @property
    def items(self) -> int:
        return len(self.checks)

    @property
    def flagged(self) -> int:
        """Items published later than their 公开时限 or not at all by it."""
        return sum(1 for c in self.checks if c.flagged)

    @property
    def linked(self) -> int:
        return self.items - self.unlinked

    @property
    def state(self) -> str:
        if self.catalogue is None:
            return NONE
        if self.flagged:
            return FLAGGED
        if self.unlinked:
            return UNLINKED
        return OK


def catalogue_status(
    units: Sequence[Unit], year: int, today: datetime.date
) -> dict[int, CatalogueStatus]:
    """Unit id -> ``CatalogueStatus``."""
    ids = [u.pk for u in units]
    current = {c.unit_id: c for c in published_catalogues().filter(unit_id__in=ids)}
    unlinked = dict(
        CatalogueItem.objects.filter(catalogue__in=list(current.values()), links__isnull=True)
        .values_list("catalogue__unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    out = {}
    for u in units:
        cat = current.get(u.pk)
        out[u.pk] = CatalogueStatus(
            unit=u,
            catalogue=cat,
            checks=tuple(check_catalogue(cat, today)) if cat else (),
            unlinked=unlinked.get(u.pk, 0) if cat else 0,
            updated_in_year=(
                catalogue_history(u).filter(published_at__year=year).count() if cat else 0
            ),
        )
    return out
