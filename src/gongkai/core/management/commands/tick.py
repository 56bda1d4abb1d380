from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.jobs import registered_jobs, run_tick


class Command(BaseCommand):
    help = "运行一次定时任务（期限标记、提醒、定时发布等）；--every N 每 N 秒运行一次"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="循环运行的间隔秒数（0 = 只运行一次）"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["every"] < 0:
            raise CommandError("--every 不能为负数")
        while True:
            run = run_tick()
            if opts["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "ok": run.ok,
                            "node": run.node,
                            "started_at": run.started_at.isoformat(),
                            "results": run.results,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                self.stdout.write(
                    f"定时任务 {timezone.localtime(run.started_at):%Y-%m-%d %H:%M:%S}（节点 {run.node}）："
                    f"{'成功' if run.ok else '有任务失败'}，共 {len(registered_jobs())} 项"
                )
                for name, result in run.results.items():
                    self.stdout.write(f"  {name}: {json.dumps(result, ensure_ascii=False)[:300]}")
            if not opts["every"]:
                if not run.ok:
                    raise CommandError("有定时任务失败，详见上面的输出")
                return
            time.sleep(opts["every"])
