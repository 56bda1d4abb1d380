"""Public reads of the portal (only public information)."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.org.models import Unit
from gongkai.portal.models import DisclosureGuide


def guides() -> QuerySet[DisclosureGuide]:
    return DisclosureGuide.objects.select_related("unit").order_by("unit__sort_order", "unit__code")


def guide_for(unit: Unit) -> DisclosureGuide | None:
    return DisclosureGuide.objects.filter(unit=unit).first()
