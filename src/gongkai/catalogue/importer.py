"""`gongkai import catalogue FILE --unit CODE [--dry-run]`: a catalogue in the national layout
into the unit's draft; the whole file or nothing, every problem with its row and column."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from gongkai.catalogue.services import catalogue_import
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.middleware import acting_through
from gongkai.org.models import Role, Unit, User


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="标准目录文件（.xlsx 或 .csv，国家标准目录格式）")
    parser.add_argument("--unit", required=True, help="机构代码")
    parser.add_argument("--dry-run", action="store_true", help="只检查并列出事项，不写入")


def handle(options: dict[str, Any], stdout: Any) -> None:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise CommandError(f"没有代码为“{options['unit']}”的机构：请用 gongkai units list 查看")
    admin = User.objects.filter(role_assignments__role=Role.ADMIN, is_active=True).first()
    if admin is None:
        raise CommandError("没有可用的系统管理员账号：导入以系统管理员身份记入审计日志")
    try:
        with acting_through("cli"):
            parsed = catalogue_import(
                actor=admin,
                unit=unit,
                name=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
            )
    except ValidationFailed as exc:
        raise CommandError("文件未导入，请改正后重试：\n" + "\n".join(exc.problems)) from exc
    except DomainError as exc:
        raise CommandError(exc.message) from exc
    for item in parsed.items:
        stdout.write(f"{item.seq}\t{item.level1}\t{item.level2}\t{item.time_limit}")
    verb = "检查通过（未写入）" if options["dry_run"] else "已导入到草稿"
    stdout.write(f"{verb}：{len(parsed.items)} 个事项，公开层级：{'、'.join(parsed.tier_labels)}")
