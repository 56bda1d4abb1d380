"""Reads of 办事服务 (all public: service items carry no personal data)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from gongkai.banshi.models import DocumentService, OneThing, ServiceItem


def service_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.select_related("unit").order_by("code")


def services_named_by(doc_ids: list[int]) -> dict[int, list[ServiceItem]]:
    out: dict[int, list[ServiceItem]] = defaultdict(list)
    for link in DocumentService.objects.filter(document_id__in=doc_ids).select_related("service"):
        out[link.document_id].append(link.service)
    return out


def one_things() -> QuerySet[OneThing]:
    return OneThing.objects.select_related("unit").order_by("title")
