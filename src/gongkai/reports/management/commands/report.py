"""``gongkai report annual --unit CODE --year YYYY --format json|html|docx|xlsx|pdf [--output F]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.org.models import Unit
from gongkai.reports import render
from gongkai.reports.assemble import assemble


class Command(BaseCommand):
    help = "政府信息公开工作年度报告：按全国统一格式生成（只读，不写入数据）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        annual = sub.add_parser("annual", help="生成某机关某年度的年度报告")
        annual.add_argument("--unit", required=True, help="机构代码")
        annual.add_argument("--year", required=True, type=int, help="年度，如 2024")
        annual.add_argument(
            "--format", default="json", choices=["json", "html", "docx", "xlsx", "pdf"]
        )
        annual.add_argument("--output", help="输出文件（默认输出到标准输出）")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"机构代码“{options['unit']}”不存在")
        a = assemble(unit, options["year"])
        fmt = options["format"]
        data: bytes
        if fmt == "json":
            data = json.dumps(a.as_json(), ensure_ascii=False, indent=2).encode() + b"\n"
        elif fmt == "html":
            data = render.render_html(a).encode()
        elif fmt == "docx":
            data = render.render_docx(a)
        elif fmt == "xlsx":
            data = render.render_xlsx(a)
        else:
            data = render.render_pdf(a)
        if options.get("output"):
            Path(options["output"]).write_bytes(data)
            failed = [c.rule for c in a.checks if not c.ok]
            self.stderr.write(
                f"已生成 {options['output']}"
                + (f"；未通过的校验：{'；'.join(failed)}" if failed else "；校验全部通过")
            )
        elif fmt in ("json", "html"):
            self.stdout.write(data.decode(), ending="")
        else:
            sys.stdout.buffer.write(data)
