"""Reads of the standard catalogue. Public pages read only published versions."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gongkai.catalogue.models import Catalogue, CatalogueItem, CatalogueState
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import Unit, User


def published_catalogues() -> QuerySet[Catalogue]:
    """Every unit's current catalogue (one per unit), with its item count."""
    return (
        Catalogue.objects.filter(state=CatalogueState.PUBLISHED)
        .select_related("unit")
        .annotate(n_items=Count("items"))
        .order_by("unit__code")
    )


def public_catalogue(code: str) -> Catalogue | None:
    return published_catalogues().filter(unit__code=code).first()


def catalogue_history(unit: Unit) -> QuerySet[Catalogue]:
    """Every version ever published, newest first, with its dates."""
    return Catalogue.objects.filter(
        unit=unit, state__in=[CatalogueState.PUBLISHED, CatalogueState.SUPERSEDED]
    ).order_by("-number")


def catalogue_items(catalogue: Catalogue) -> QuerySet[CatalogueItem]:
    return catalogue.items.select_related("catalogue__unit").prefetch_related("links")


def catalogue_units_for(user: User) -> QuerySet[Unit]:
    """Units whose catalogue ``user`` may edit."""
    return units_visible_to(user, Perm.HANDLE).order_by("code")


def draft_of(unit: Unit) -> Catalogue | None:
    return Catalogue.objects.filter(unit=unit, state=CatalogueState.DRAFT).first()
