"""Connect the module to the platform's registries (to-do, import, the column's 年报 entry)."""

from __future__ import annotations


def connect() -> None:
    from gongkai.core.importers import register_importer
    from gongkai.portal.column import register_entry_view
    from gongkai.reports import importer, views
    from gongkai.reports.todo import reports_todo
    from gongkai.workbench.todo import register_todo_provider

    register_todo_provider("reports", reports_todo)
    from gongkai.demo.hooks import register_demo_builder
    from gongkai.reports.demo import build_demo_report

    register_demo_builder("reports", build_demo_report)  # last year's report, published
    register_entry_view("annual-reports", views.public_list)
    register_importer(
        "annual-report",
        importer.add_arguments,
        importer.handle,
        "往年政府信息公开工作年度报告表格（XLSX，2019 或 2021 格式）",
    )
