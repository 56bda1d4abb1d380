"""The 政府信息公开 column: exactly four first-level entries (国办公开办函〔2019〕61号)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class ColumnEntry:
    slug: str
    title: str
    summary: str


COLUMN_TITLE = "政府信息公开"
COLUMN_ENTRIES: tuple[ColumnEntry, ...] = (
    ColumnEntry(
        "guide",
        "政府信息公开指南",
        "公开的分类与编排、获取方式、公开工作机构的联系方式（条例第十二条）",
    ),
    ColumnEntry("rules", "政府信息公开制度", "本机关政府信息公开工作的制度规定"),
    ColumnEntry(
        "statutory", "法定主动公开内容", "按条例第二十条各项及本机关目录编排的主动公开信息"
    ),
    ColumnEntry(
        "annual-reports", "政府信息公开年报", "政府信息公开工作年度报告（条例第四十九条、第五十条）"
    ),
)
ENTRIES_BY_SLUG = {e.slug: e for e in COLUMN_ENTRIES}

# Modules that own an entry's content register its page here (e.g. documents: statutory, rules).
ENTRY_VIEWS: dict[str, Callable[[HttpRequest], HttpResponse]] = {}


def register_entry_view(slug: str, view: Callable[[HttpRequest], HttpResponse]) -> None:
    ENTRY_VIEWS[slug] = view
