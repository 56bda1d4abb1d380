"""`gongkai import services FILE --unit CODE [--dry-run]`: a 权责清单 or 公共服务事项 list."""

from __future__ import annotations

import argparse
from typing import Any

from gongkai.banshi.services import HEADERS, services_import
from gongkai.core.importers import cli_admin, cli_file, cli_import, cli_unit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="XLSX 或 CSV，表头：" + "、".join(HEADERS))
    parser.add_argument("--unit", required=True, help="实施机构代码")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")


def handle(options: dict[str, Any], stdout: Any) -> None:
    path = cli_file(options["file"])
    unit = cli_unit(options["unit"])
    admin = cli_admin()
    with cli_import():
        n = services_import(
            actor=admin,
            unit=unit,
            name=path.name,
            content=path.read_bytes(),
            dry_run=options["dry_run"],
        )
    stdout.write(("检查通过（未写入）：" if options["dry_run"] else "已导入：") + f"{n} 个事项")
