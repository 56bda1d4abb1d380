from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.middleware import acting_through
from gongkai.workdays.arrangement import parse_file
from gongkai.workdays.selectors import loaded_years, working_day_count
from gongkai.workdays.services import calendar_apply_import, calendar_plan_import


class Command(BaseCommand):
    help = "工作日日历：import 载入或更正一个年度（CSV 或 YAML）；years 列出已载入年度"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="载入或更正一个年度的节假日安排")
        imp.add_argument("file", help="CSV（日期,类型,名称）或 YAML 文件")
        imp.add_argument("--source", default="", help="来源通知的名称与文号")
        imp.add_argument("--dry-run", action="store_true", help="只显示将发生的变化，不写入")
        imp.add_argument(
            "--replace", action="store_true", help="该年度已载入时，确认以文件整体替换该年安排"
        )
        sub.add_parser("years", help="列出已载入的年度")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "years":
            for y in loaded_years():
                self.stdout.write(
                    f"{y.year}\t工作日 {working_day_count(y.year)} 天\t修订 {y.revision} 次\t{y.source}"
                )
            return
        try:
            arrangement = parse_file(opts["file"], source=opts["source"])
            if opts["dry_run"]:
                result = calendar_plan_import(arrangement)
            else:
                with acting_through("cli"):
                    result = calendar_apply_import(
                        actor=None, arrangement=arrangement, replace=opts["replace"], system=True
                    )
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{opts['file']}") from exc
        except ValidationFailed as exc:
            raise CommandError(
                "导入失败，日历未作任何改动。请修改以下问题：\n  " + "\n  ".join(exc.problems)
            ) from exc
        except DomainError as exc:
            raise CommandError(f"日历未作任何改动：{exc.message}") from exc
        verb = "将" if opts["dry_run"] else "已"
        kind = "新载入" if result.new_year else "更正"
        self.stdout.write(
            f"{result.year} 年：{verb}{kind}，来源：{result.source}；全年工作日 {result.working_days} 天。"
        )
        if not result.changes:
            self.stdout.write("与现有日历相比没有变化。")
        elif not result.new_year:
            self.stdout.write(
                f"工作日属性改变 {len(result.working_changes)} 天；"
                f"仅说明变化 {len(result.cosmetic_changes)} 天："
            )
        for change in result.changes:
            self.stdout.write(f"  {change.describe()}")
        for name, n in result.recomputed.items():
            self.stdout.write(f"已重算 {name} 的期限：{n} 条。")
