"""Registrations with the platform: the tick job and the clerk's to-do provider."""

from __future__ import annotations


def register() -> None:
    from gongkai.core.jobs import register_tick_job
    from gongkai.documents.lifecycle import run_scheduled_and_lapses
    from gongkai.documents.selectors import todo_for
    from gongkai.workbench.todo import register_todo_provider

    register_tick_job("documents.schedule_and_lapse", run_scheduled_and_lapses)
    register_todo_provider("documents", todo_for)

    from gongkai.documents import views
    from gongkai.portal.column import register_entry_view

    register_entry_view("statutory", views.statutory)
    register_entry_view("rules", views.rules)

    from gongkai.core.importers import register_importer
    from gongkai.documents import importing

    register_importer(
        "documents", importing.add_arguments, importing.handle, "导入已发布的主动公开文件"
    )
