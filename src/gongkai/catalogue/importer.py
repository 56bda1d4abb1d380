"""`gongkai import catalogue FILE --unit CODE [--dry-run]`: a catalogue in the national layout
into the unit's draft; the whole file or nothing, every problem with its row and column."""

from __future__ import annotations

import argparse
from typing import Any

from gongkai.catalogue.services import catalogue_import
from gongkai.core.importers import cli_file_arguments, cli_file_import


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli_file_arguments(
        parser,
        file_help="标准目录文件（.xlsx 或 .csv，国家标准目录格式）",
        dry_run_help="只检查并列出事项，不写入",
    )


def handle(options: dict[str, Any], stdout: Any) -> None:
    parsed = cli_file_import(options, catalogue_import)
    for item in parsed.items:
        stdout.write(f"{item.seq}\t{item.level1}\t{item.level2}\t{item.time_limit}")
    verb = "检查通过（未写入）" if options["dry_run"] else "已导入到草稿"
    stdout.write(f"{verb}：{len(parsed.items)} 个事项，公开层级：{'、'.join(parsed.tier_labels)}")
