"""XLSX/CSV import of a thematic column's entries: the header row names the column's fields
(their Chinese labels); the whole file or nothing, every problem with its line; a row already
imported (same unit, column and content) is skipped, so a re-import changes nothing."""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.core.errors import ValidationFailed
from gongkai.core.importers import cli_file_arguments, cli_file_import
from gongkai.org.models import Unit, User
from gongkai.org.tabular import read_table
from gongkai.thematic.columns import COLUMNS_BY_SLUG, clean_values
from gongkai.thematic.models import Entry
from gongkai.thematic.services import entry_save


@dataclass
class ImportResult:
    created: int
    skipped: int
    rows: int


def import_entries(
    *, actor: User, unit: Unit, column: str, name: str, content: bytes, dry_run: bool = False
) -> ImportResult:
    col = COLUMNS_BY_SLUG.get(column)
    if col is None:
        raise ValidationFailed([f"没有“{column}”这个栏目；可用：{'、'.join(COLUMNS_BY_SLUG)}"])
    table = read_table(name, content=content)
    by_label = {f.label: f.key for f in col.fields}
    unknown = [h for h in table.headers if h and h not in by_label]
    missing = [
        f.label for f in col.fields if f.key == col.title_field and f.label not in table.headers
    ]
    problems = [f"表头“{h}”不是本栏目的字段（应为：{'、'.join(by_label)}）" for h in unknown]
    problems += [f"表头缺少“{m}”列" for m in missing]
    if problems:
        raise ValidationFailed(problems)
    rows: list[tuple[int, dict[str, object], str]] = []
    for line, values in table.rows:
        raw: dict[str, object] = {by_label[h]: v for h, v in values.items() if h in by_label}
        cleaned, row_problems = clean_values(col, raw, for_publication=False)
        problems += [f"第{line}行：{p}" for p in row_problems]
        digest = hashlib.sha256(
            json.dumps(cleaned, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()[:32]
        rows.append((line, raw, f"{unit.code}:{column}:{digest}"))
    if not rows and not problems:
        problems.append("文件中没有数据行：表头下应逐行填写")
    if problems:
        raise ValidationFailed(problems)
    existing = set(
        Entry.objects.filter(import_key__in=[k for _, _, k in rows]).values_list(
            "import_key", flat=True
        )
    )
    if dry_run:
        return ImportResult(
            len([r for r in rows if r[2] not in existing]), len(existing), len(rows)
        )
    created = 0
    with transaction.atomic():
        for _line, raw, key in rows:
            if key in existing:
                continue
            entry_save(actor=actor, unit=unit, column=column, raw=raw, import_key=key)
            existing.add(key)
            created += 1
    return ImportResult(created, len(rows) - created, len(rows))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli_file_arguments(parser, file_help="XLSX 或 CSV 文件，表头为栏目的字段名")
    parser.add_argument("--column", required=True, help=f"栏目：{'、'.join(COLUMNS_BY_SLUG)}")


def handle(options: dict[str, Any], stdout: Any) -> None:
    result = cli_file_import(options, import_entries, column=options["column"])
    verb = "检查通过（未写入）：将导入" if options["dry_run"] else "已导入（草稿）"
    stdout.write(f"{verb} {result.created} 条，已有 {result.skipped} 条")
