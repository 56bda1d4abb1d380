"""How the thematic columns plug into the platform (called from ``AppConfig.ready``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from gongkai.org.models import Unit, User
from gongkai.thematic.columns import COLUMNS
from gongkai.workbench.figures import Figure
from gongkai.workbench.todo import TodoItem


def statutory(item: int, limit: int) -> list[object]:
    from gongkai.documents.blocks import StatutoryLink
    from gongkai.thematic.selectors import public_entries

    slugs = [c.slug for c in COLUMNS if c.art20_item == item]
    titles = {c.slug: c.title for c in COLUMNS}
    return [
        StatutoryLink(
            e.title,
            reverse("thematic:detail", args=[e.column, e.pk]),
            e.published_on,
            titles[e.column],
        )
        for e in public_entries().filter(column__in=slugs)[:limit]
    ]


def _overdue(units: Sequence[Unit]) -> dict[int, int]:
    from gongkai.thematic.models import Entry
    from gongkai.thematic.selectors import entry_due

    today = timezone.localdate()
    counts: dict[int, int] = {}
    due_columns = [c.slug for c in COLUMNS if c.due_field]
    for e in Entry.objects.filter(unit__in=units, column__in=due_columns).exclude(
        state="withdrawn"
    ):
        d = entry_due(e, today)
        if d is not None and d.overdue:
            counts[e.unit_id] = counts.get(e.unit_id, 0) + 1
    return counts


def todo(user: User) -> list[TodoItem]:
    from gongkai.org.access import Perm, can, units_visible_to

    if not can(user, Perm.HANDLE):
        return []
    n = sum(_overdue(list(units_visible_to(user, Perm.HANDLE))).values())
    if not n:
        return []
    return [
        TodoItem(
            "重点领域",
            "逾期未办结或未公开的建议提案、抽查结果",
            n,
            reverse("thematic_staff:home"),
            urgent=True,
        )
    ]


def figures(units: Sequence[Unit], year: int) -> list[Figure]:
    from gongkai.thematic.selectors import enabled_columns, public_entries

    overdue = _overdue(units)
    out = []
    for u in units:
        out.append(Figure(u, "开设栏目", len(enabled_columns(u))))
        out.append(
            Figure(u, "本年发布", public_entries().filter(unit=u, published_on__year=year).count())
        )
        out.append(Figure(u, "逾期", overdue.get(u.pk, 0), late=bool(overdue.get(u.pk))))
    return out


def connect() -> None:
    from gongkai.core.importers import register_importer
    from gongkai.demo.hooks import register_demo_builder
    from gongkai.documents.blocks import register_statutory_source
    from gongkai.documents.feeds import PublicEntrySource, register_public_entries
    from gongkai.portal.sections import SiteSection, register_section
    from gongkai.search.sources import SearchSource, register_search_source
    from gongkai.thematic import feeds, importer, search_source
    from gongkai.thematic.demo import demo_builder
    from gongkai.workbench.figures import FigureGroup, register_figure_group
    from gongkai.workbench.nav import StaffLink, register_staff_link
    from gongkai.workbench.todo import register_todo_provider

    register_section(SiteSection("thematic", gettext_noop("重点领域"), "thematic:index", order=55))
    register_staff_link(StaffLink("thematic", "重点领域", "thematic_staff:home", 32, "handle"))
    register_statutory_source("thematic", statutory)  # type: ignore[arg-type]
    register_search_source(
        SearchSource("thematic", search_source.all_records, search_source.changes)
    )
    register_public_entries(
        PublicEntrySource("thematic", entries=feeds.entries, pages=feeds.section_pages)
    )
    register_todo_provider("thematic", todo)
    register_demo_builder("thematic", demo_builder)
    register_figure_group(FigureGroup("thematic", "重点领域信息公开", figures, 35))
    register_importer(
        "thematic",
        importer.add_arguments,
        importer.handle,
        "导入重点领域栏目的信息（XLSX/CSV，表头为栏目的字段名），导入为草稿",
    )
