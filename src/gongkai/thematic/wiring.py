"""How the thematic columns plug into the platform (called from ``AppConfig.ready``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from gongkai.catalogue.links import LinkedRecord
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


def todo(user: User) -> list[TodoItem]:
    from gongkai.org.access import Perm, can, units_visible_to

    if not can(user, Perm.HANDLE):
        return []
    from gongkai.thematic.selectors import overdue_counts

    units = list(units_visible_to(user, Perm.HANDLE))
    n = sum(overdue_counts(units, timezone.localdate()).values())
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
    from gongkai.thematic.selectors import columns_status

    status = columns_status(units, year, timezone.localdate())
    out = []
    for u in units:
        st = status[u.pk]
        out += [
            Figure(u, "开设栏目", len(st.enabled)),
            Figure(u, "有信息的栏目", len(st.filled), late=bool(st.empty)),
            Figure(u, "本年发布", st.published_in_year),
            Figure(u, "逾期", st.overdue, late=bool(st.overdue)),
            Figure(
                u, "阶段信息不全的项目", st.incomplete_projects, late=bool(st.incomplete_projects)
            ),
        ]
    return out


def column_records(unit: Unit, slug: str, limit: int) -> list[LinkedRecord]:
    """A catalogue item fulfilled by a thematic column (超链接归集): the unit's published
    entries of the column, newest first; the date an entry's information was formed is the
    column's deadline field when it counts in working days (双随机 results)."""
    from gongkai.org.access import unit_ids_below
    from gongkai.thematic.columns import column
    from gongkai.thematic.selectors import public_entries

    col = column(slug)
    if col is None:
        return []
    out: list[LinkedRecord] = []
    for e in public_entries(slug).filter(unit_id__in=unit_ids_below([unit.pk]))[:limit]:
        formed = None
        raw = e.values.get(col.due_field) if col.due_working_days else None
        if raw:
            formed = datetime.date.fromisoformat(str(raw))
        out.append(
            LinkedRecord(
                e.title, reverse("thematic:detail", args=[slug, e.pk]), e.published_on, formed
            )
        )
    return out


def column_choices() -> list[tuple[str, str]]:
    return [(c.slug, f"{c.group} · {c.title}") for c in COLUMNS]


def connect() -> None:
    from gongkai.catalogue.links import LinkKind, register_link_kind
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
    register_link_kind(LinkKind("column", "重点领域栏目", column_records, column_choices))
    register_demo_builder("thematic", demo_builder)
    register_figure_group(FigureGroup("thematic", "重点领域信息公开", figures, 35))
    register_importer(
        "thematic",
        importer.add_arguments,
        importer.handle,
        "导入重点领域栏目的信息（XLSX/CSV，表头为栏目的字段名），导入为草稿",
    )
