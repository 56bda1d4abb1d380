"""``gongkai backup PATH``: one archive of the database, uploaded files and the publication log."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError


class Command(BaseCommand):
    help = "备份：数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）、上传文件、公开记录及其公钥，附 SHA-256 清单"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="备份文件路径，例如 /backup/gongkai-2026-12-06.tar.gz")

    def handle(self, *args: Any, **opts: Any) -> None:
        from gongkai.backup.services import backup_create

        try:
            report = backup_create(Path(opts["path"]), by="命令行")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"✓ 备份完成：{report.path}（{report.size / 1e6:.1f} MB，{report.vendor}，"
            f"{report.rows} 行数据，{report.files} 个文件）\n  SHA-256 {report.sha256}\n"
            "  备份不含任何私钥：恢复后请沿用原来的 GONGKAI_SIGNING_KEY 与 GONGKAI_SECRET_KEY"
        )
