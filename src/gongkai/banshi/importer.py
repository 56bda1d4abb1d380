"""`gongkai import services FILE --unit CODE [--dry-run]`: a 权责清单 or 公共服务事项 list."""

from __future__ import annotations

import argparse
from typing import Any

from gongkai.banshi.services import HEADERS, services_import
from gongkai.core.importers import cli_file_arguments, cli_file_import


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli_file_arguments(
        parser, file_help="XLSX 或 CSV，表头：" + "、".join(HEADERS), unit_help="实施机构代码"
    )


def handle(options: dict[str, Any], stdout: Any) -> None:
    n = cli_file_import(options, services_import)
    stdout.write(("检查通过（未写入）：" if options["dry_run"] else "已导入：") + f"{n} 个事项")
