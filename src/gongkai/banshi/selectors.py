"""Reads of 办事服务 (the public ones: service items carry no personal data; and the staff's,
scoped to the units where they handle matters)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from gongkai.banshi.models import DocumentService, OneThing, ServiceItem
from gongkai.org.access import Perm, scope_unit_ids
from gongkai.org.models import User


def service_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.select_related("unit").order_by("code")


def services_named_by(doc_ids: list[int]) -> dict[int, list[ServiceItem]]:
    out: dict[int, list[ServiceItem]] = defaultdict(list)
    for link in DocumentService.objects.filter(document_id__in=doc_ids).select_related("service"):
        out[link.document_id].append(link.service)
    return out


def one_things() -> QuerySet[OneThing]:
    return OneThing.objects.select_related("unit").order_by("title")


def items_for_staff(user: User) -> QuerySet[ServiceItem]:
    """The service items of the units where ``user`` handles matters."""
    scope = scope_unit_ids(user, Perm.HANDLE)
    qs = service_items()
    return qs if scope is None else qs.filter(unit_id__in=scope)


def item_for_staff(user: User, code: str) -> ServiceItem | None:
    return items_for_staff(user).filter(code=code[:64]).first()
