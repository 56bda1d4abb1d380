"""`gongkai import services FILE --unit CODE [--dry-run]`: a 权责清单 or 公共服务事项 list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from gongkai.banshi.services import HEADERS, services_import
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.middleware import acting_through
from gongkai.org.models import Role, Unit, User


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="XLSX 或 CSV，表头：" + "、".join(HEADERS))
    parser.add_argument("--unit", required=True, help="实施机构代码")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")


def handle(options: dict[str, Any], stdout: Any) -> None:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise CommandError(f"没有代码为“{options['unit']}”的机构")
    admin = User.objects.filter(role_assignments__role=Role.ADMIN, is_active=True).first()
    if admin is None:
        raise CommandError("没有可用的系统管理员账号：导入以系统管理员身份记入审计日志")
    try:
        with acting_through("cli"):
            n = services_import(
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
    stdout.write(("检查通过（未写入）：" if options["dry_run"] else "已导入：") + f"{n} 个事项")
