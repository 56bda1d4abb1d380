"""Connect the ledger to the platform's registries: to-do list, ``gongkai import workplan``,
the annual report's part 六 draft, and the public site section."""

from __future__ import annotations

from typing import Any


def _import_handle(options: dict[str, Any], stdout: Any) -> None:
    from gongkai.workplans.management.commands.workplan import run_import

    run_import(options, stdout)


def _part6(unit: Any, year: int) -> str:
    from gongkai.workplans.selectors import report_part6_text

    return report_part6_text(unit, year)


def register() -> None:
    from gongkai.core.importers import register_importer
    from gongkai.reports.hooks import register_part_draft
    from gongkai.workbench.todo import register_todo_provider
    from gongkai.workplans.management.commands.workplan import add_import_arguments
    from gongkai.workplans.todo import workplans_todo

    register_todo_provider("workplans", workplans_todo)
    register_importer(
        "workplan", add_import_arguments, _import_handle, "工作要点任务分解表（XLSX、DOCX、CSV）"
    )
    register_part_draft("part6", "workplans", _part6)
    from gongkai.workdays.hooks import register_deadline_recomputer
    from gongkai.workplans.services import recompute_notice_deadlines

    register_deadline_recomputer("workplans.notices", recompute_notice_deadlines)
    from gongkai.demo.hooks import register_demo_builder
    from gongkai.workplans.demo import build_demo_workplans

    register_demo_builder("workplans", build_demo_workplans)
    from django.utils.translation import gettext_noop

    from gongkai.portal.sections import SiteSection, register_section
    from gongkai.workbench.figures import FigureGroup, register_figure_group
    from gongkai.workbench.nav import StaffLink, register_staff_link
    from gongkai.workplans.selectors import unit_figures

    register_section(
        SiteSection(
            slug="workplans",
            title=gettext_noop("工作台账"),
            url_name="workplans_public:list",
            order=70,
        )
    )
    register_staff_link(
        StaffLink("workplans", gettext_noop("工作台账"), "workplans:list", order=40)
    )
    register_figure_group(
        FigureGroup(slug="workplans", title="工作台账", compute=unit_figures, order=60)
    )
