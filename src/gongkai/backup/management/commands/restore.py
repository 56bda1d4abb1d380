"""``gongkai restore PATH``: restore a backup into an empty database and media directory."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "从 gongkai backup 生成的备份恢复到一个空数据库（先校验全部 SHA-256，损坏或目标非空则拒绝）"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="备份文件路径")

    def handle(self, *args: Any, **opts: Any) -> None:
        from gongkai.backup.services import backup_restore

        try:
            report = backup_restore(Path(opts["path"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已恢复到 {report.vendor}：{report.rows} 行数据，{report.files} 个文件；"
            f"公开记录 {report.chain_entries} 条"
        )
        if not report.key_matches:
            self.stdout.write(
                "注意：当前 GONGKAI_SIGNING_KEY 与备份时的签名密钥不同；已恢复的记录用备份中的"
                "公钥校验，今后的发布将用当前密钥签名，`gongkai verify --chain` 会报告旧记录签名无效。"
                "请改用原来的密钥。"
            )
        if report.problems:
            for p in report.problems:
                self.stdout.write(f"  ✗ {p}")
            raise CommandError("恢复后的校验未通过（见上）")
        self.stdout.write(
            "✓ 各表行数与备份一致，公开记录哈希链与签名有效。请运行 gongkai search rebuild 重建检索索引。"
        )
