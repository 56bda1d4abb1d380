"""Connect the module to the platform's registries (tick, calendar recompute, to-do, import)."""

from __future__ import annotations


def connect() -> None:
    from gongkai.applications.jobs import applications_tick
    from gongkai.applications.system import applications_recompute_deadlines
    from gongkai.applications.todo import applications_todo
    from gongkai.core.jobs import register_tick_job
    from gongkai.workbench.todo import register_todo_provider
    from gongkai.workdays.hooks import register_deadline_recomputer

    register_tick_job("applications", applications_tick)
    register_deadline_recomputer("applications", applications_recompute_deadlines)
    register_todo_provider("applications", applications_todo)

    from gongkai.applications import importer
    from gongkai.core.importers import register_importer

    register_importer(
        "applications", importer.add_arguments, importer.handle, "历史依申请公开申请（CSV/XLSX）"
    )
