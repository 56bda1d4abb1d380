from __future__ import annotations

import datetime
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.workdays.deadlines import parse_pause, reply_deadlines


class Command(BaseCommand):
    help = "计算依申请公开的答复期限（《政府信息公开条例》第三十三条）与延长答复期限"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--received", required=True, help="收到申请日期，YYYY-MM-DD")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            help="暂停计时区间 START:END（如征求第三方意见），可重复",
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            received = datetime.date.fromisoformat(opts["received"])
        except ValueError as exc:
            raise CommandError(
                f"收到申请日期“{opts['received']}”无法识别：请写成 YYYY-MM-DD，如 2024-09-27"
            ) from exc
        try:
            pauses = [parse_pause(p) for p in opts["pause"]]
            result = reply_deadlines(received=received, pauses=pauses)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"答复期限：{result.reply_deadline.isoformat()}")
        self.stdout.write(f"延长答复期限：{result.extended_deadline.isoformat()}")
        if result.provisional:
            self.stdout.write("（临时结果：所跨年度的节假日安排尚未载入）")
        self.stdout.write("计算过程：")
        for line in result.explanation:
            self.stdout.write(f"  {line}")
