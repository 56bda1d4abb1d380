"""Where participation plugs into the shared parts: the moderation kinds, the public section and
its home block, the sitemap and Atom feed (feeds.py), the staff link, the to-do list, the
supervisors' figures, the document page's block and the catalogue importer. Nothing here edits
another capability."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_noop

from gongkai.formats import cn_date
from gongkai.org.models import Unit, User
from gongkai.participation import selectors
from gongkai.workbench.figures import Figure
from gongkai.workbench.todo import TodoItem

GROUP = "重大行政决策"


def home_block(request: HttpRequest) -> str:
    open_now = [
        c
        for c in selectors.public_consultations().order_by("-opens_on")[:20]
        if c.opens_on <= selectors.today() <= c.closes_on
    ][:3]
    if not open_now:
        return ""
    return render_to_string("participation/_home_block.html", {"open_now": open_now}, request)


def document_block(document, request: HttpRequest) -> str:  # type: ignore[no-untyped-def]
    decisions = selectors.decisions_for_document(document.pk)
    if not decisions:
        return ""
    return render_to_string("participation/_document_block.html", {"decisions": decisions}, request)


def todo(user: User) -> list[TodoItem]:
    """Adoption reports due soon or overdue, and the year's catalogue not yet public when it is
    due soon or overdue, each with its due date."""
    from gongkai.org.access import Perm, can

    if not (can(user, Perm.HANDLE) or can(user, Perm.REVIEW)):
        return []
    items: list[TodoItem] = []
    today = selectors.today()
    url = reverse("participation_staff:home")
    for d in selectors.decisions_visible_to(user).filter(
        result_document__isnull=False, report_published_on__isnull=True
    ):
        t = selectors.report_timeliness(d, today)
        if t.state in ("due_soon", "overdue") and t.due:
            items.append(
                TodoItem(
                    GROUP,
                    f"意见采纳情况{t.label}：{d.title}（应于{cn_date(t.due)}前公布）",
                    1,
                    reverse("participation_staff:decision", args=[d.pk]),
                    urgent=t.state == "overdue",
                )
            )
    from gongkai.org.access import units_visible_to

    due = selectors.catalogue_due(today.year)
    left = (due - today).days
    if left <= 31:
        published = set(
            selectors.catalogues_visible_to(user)
            .filter(year=today.year, published_on__isnull=False)
            .values_list("unit_id", flat=True)
        )
        ids = selectors.staff_unit_ids(user)
        units = units_visible_to(user, Perm.HANDLE) if ids is not None else Unit.objects.none()
        missing = [u for u in units if u.pk not in published and u.kind != "division"]
        if missing:
            state = "已逾期" if today > due else "即将到期"
            items.append(
                TodoItem(
                    GROUP,
                    f"{today.year}年度重大行政决策事项目录未公布（{state}，应于{cn_date(due)}前公布）",
                    len(missing),
                    url,
                    urgent=today > due,
                )
            )
    return items


def figures(units: Sequence[Unit], year: int) -> list[Figure]:
    out = []
    for f in selectors.figures_for_units(units, year):
        u = f.unit
        cat = f.catalogue
        out.append(
            Figure(
                u,
                "事项目录按时公开",
                cat.label if cat else "未到期",
                late=bool(cat and cat.state in ("overdue", "late")),
            )
        )
        out.append(Figure(u, "征求意见（次）", f.consultations))
        out.append(
            Figure(
                u,
                "征求意见最短期限（日）",
                f.consultation_days_min if f.consultation_days_min is not None else "—",
            )
        )
        out.append(Figure(u, "采纳情况按时公开（件）", f.reports_on_time))
        out.append(Figure(u, "采纳情况逾期公开（件）", f.reports_late, late=f.reports_late > 0))
        out.append(
            Figure(u, "采纳情况逾期未公开（件）", f.reports_missing, late=f.reports_missing > 0)
        )
        out.append(Figure(u, "公众代表列席会议（次）", f.meetings, target=f.meetings_target))
        out.append(Figure(u, "政府开放活动（次）", f.activities, target=f.activities_target))
    return out


def register() -> None:
    from gongkai.core.importers import register_importer
    from gongkai.documents.blocks import DocumentBlock, register_document_block
    from gongkai.participation import importing
    from gongkai.participation.services import register_moderation_kinds
    from gongkai.portal.sections import SiteSection, register_section
    from gongkai.workbench.figures import FigureGroup, register_figure_group
    from gongkai.workbench.nav import StaffLink, register_staff_link
    from gongkai.workbench.todo import register_todo_provider

    register_moderation_kinds()
    from gongkai.participation.search_source import all_records
    from gongkai.search.sources import SearchSource, register_search_source

    register_search_source(SearchSource("participation", all_records))
    from gongkai.documents.feeds import PublicEntrySource, register_public_entries
    from gongkai.participation import feeds

    register_public_entries(
        PublicEntrySource("participation", entries=feeds.entries, pages=feeds.section_pages)
    )
    register_section(
        SiteSection(
            slug="participation",
            title=gettext_noop("重大行政决策"),
            url_name="participation:index",
            order=30,
            home_block=home_block,
        )
    )
    register_staff_link(
        StaffLink(
            "participation",
            gettext_noop("决策与公众参与"),
            "participation_staff:home",
            order=30,
            perm="handle",
        )
    )
    register_todo_provider("participation", todo)
    register_figure_group(FigureGroup("participation", "重大行政决策与公众参与", figures, order=30))
    register_document_block(DocumentBlock("participation", document_block, order=30))
    register_importer(
        "decisions",
        importing.add_arguments,
        importing.handle,
        help_text="导入重大行政决策事项目录（XLSX，整表导入或全部不导入）",
    )
