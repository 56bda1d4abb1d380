"""``gongkai archive``: the quarterly archive package of published original texts."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.core.middleware import acting_through
from gongkai.handover.models import ArchivePackage
from gongkai.handover.services import archive_export, archive_mark_delivered


class Command(BaseCommand):
    help = "季度归档包：export 生成某季度主动公开原始文本与附件的归档包；delivered 登记已移交；list 列出"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["export", "delivered", "list"])
        parser.add_argument("--quarter", default="", help="季度，例如 2026Q3")
        parser.add_argument("--output", default="", help="归档包存放目录（默认 var/archive/）")
        parser.add_argument("--to", default="", help="delivered：接收单位，例如 市档案馆")
        parser.add_argument("--receipt", default="", help="delivered：回执编号或备注")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            for p in ArchivePackage.objects.all():
                state = (
                    f"已移交{p.delivered_to}（{timezone.localtime(p.delivered_at):%Y-%m-%d}）"
                    if p.delivered_at
                    else "未移交"
                )
                self.stdout.write(
                    f"{p.quarter}  {p.files} 个文件  {p.sha256[:16]}…  {state}  {p.path}"
                )
            return
        if not opts["quarter"]:
            raise CommandError("请用 --quarter 指定季度，例如 --quarter 2026Q3")
        try:
            with acting_through("cli"):
                if opts["action"] == "export":
                    package = archive_export(
                        quarter=opts["quarter"],
                        by="命令行",
                        output_dir=Path(opts["output"]) if opts["output"] else None,
                    )
                    self.stdout.write(
                        f"✓ {package.quarter} 归档包：{package.path}\n"
                        f"  {package.documents} 件文件，{package.files} 个原始文本与附件，"
                        f"SHA-256 {package.sha256}"
                    )
                else:
                    package = archive_mark_delivered(
                        quarter=opts["quarter"], to=opts["to"], receipt=opts["receipt"], by="命令行"
                    )
                    self.stdout.write(
                        f"✓ 已登记：{package.quarter} 归档包移交给{package.delivered_to}"
                    )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
