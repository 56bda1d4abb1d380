"""``gongkai workplan import FILE --unit CODE --year YYYY [--dry-run]`` and
``gongkai workplan export --unit CODE --year YYYY --format json|xlsx [--output FILE]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.importers import cli_file, cli_import, cli_unit
from gongkai.workplans.exports import plan_json, plan_xlsx
from gongkai.workplans.models import WorkPlan
from gongkai.workplans.services import plan_import


def add_import_arguments(parser: Any) -> None:
    parser.add_argument("file", help="任务分解表：.xlsx、.docx 或 .csv")
    parser.add_argument("--unit", required=True, help="制定台账的单位代码")
    parser.add_argument("--year", type=int, required=True, help="年度，如 2023")
    parser.add_argument("--title", default="", help="台账名称（默认按单位和年度生成）")
    parser.add_argument("--dry-run", action="store_true", help="只检查并显示解析结果，不写入")


def run_import(options: dict[str, Any], stdout: Any) -> None:
    path = cli_file(options["file"])
    unit = cli_unit(options["unit"])
    with cli_import():
        result = plan_import(
            actor=None,
            unit=unit,
            year=options["year"],
            path=path,
            dry_run=options["dry_run"],
            title=options.get("title") or "",
            system=True,
        )
    for t in result.tasks:
        units = result.units.get(t.number, {})
        parts = []
        for role, label in (("lead", "牵头"), ("resp", "责任"), ("coop", "配合")):
            if units.get(role):
                names = "、".join(n + (f"→{','.join(c)}" if c else "") for n, c in units[role])
                parts.append(f"{label}：{names}")
        due = t.due_written or "（未写明）"
        stdout.write(f"第{t.line}行 {t.number}. {t.task[:30]}｜{'；'.join(parts)}｜时限：{due}")
    stdout.write(f"共 {len(result.tasks)} 项任务。")
    if result.unmatched:
        stdout.write("未对应到单位的名称（请在台账页面“单位名称对应”中指定，指定后会记住）：")
        for name, n in sorted(result.unmatched.items(), key=lambda p: (-p[1], p[0])):
            stdout.write(f"  {name}（{n} 项任务）")
    if result.dry_run:
        stdout.write("试运行：未写入任何内容。")
    else:
        assert result.plan is not None
        verb = f"已替换原有 {result.replaced} 项" if result.replaced else "已导入"
        stdout.write(f"{verb}：{result.plan.title}（台账编号 {result.plan.pk}）")


class Command(BaseCommand):
    help = "工作台账：导入任务分解表、导出台账"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("import", help="导入任务分解表"))
        exp = sub.add_parser("export", help="导出台账")
        exp.add_argument("--unit", required=True)
        exp.add_argument("--year", type=int, required=True)
        exp.add_argument("--format", choices=["json", "xlsx"], default="json")
        exp.add_argument("--output", default="", help="输出文件（xlsx 必填；json 默认输出到屏幕）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            run_import(options, self.stdout)
            return
        unit = cli_unit(options["unit"])
        plan = WorkPlan.objects.filter(unit=unit, year=options["year"]).first()
        if plan is None:
            raise CommandError(f"{unit.name}没有{options['year']}年的台账：请先导入任务分解表")
        if options["format"] == "json":
            text = json.dumps(plan_json(plan), ensure_ascii=False, indent=2)
            if options["output"]:
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"已导出 {options['output']}")
            else:
                self.stdout.write(text)
            return
        if not options["output"]:
            raise CommandError("导出 xlsx 请用 --output 指定文件，如 --output 台账.xlsx")
        Path(options["output"]).write_bytes(plan_xlsx(plan))
        self.stdout.write(f"已导出 {options['output']}")
