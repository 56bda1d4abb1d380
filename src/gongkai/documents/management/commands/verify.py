"""``gongkai verify FILE_OR_URL``: is this file exactly what was published, when, by which unit?"""

from __future__ import annotations

import hashlib
import urllib.request
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.documents import publication

MAX_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = "校验文件（本地路径或网址）是否与本平台发布的完全一致；--chain 校验整条公开记录链"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("target", nargs="?", help="文件路径、http(s) 网址或 64 位 SHA-256")
        parser.add_argument("--chain", action="store_true", help="重新计算并校验整条哈希链与签名")
        parser.add_argument(
            "--new-key", action="store_true", help="生成一个新的签名私钥（十六进制）"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["new_key"]:
            key = publication.new_key_hex()
            self.stdout.write(f"GONGKAI_SIGNING_KEY={key}")
            self.stdout.write("请妥善保管：私钥泄露后他人可伪造发布记录。")
            return
        if opts["chain"]:
            report = publication.verify_chain()
            self.stdout.write(
                f"公开记录共 {report.entries} 条，链头 {report.head_hash}，公钥标识 {publication.key_id()}"
            )
            for p in report.problems:
                self.stdout.write(f"  ✗ {p}")
            if not report.ok:
                raise CommandError("公开记录链校验失败")
            self.stdout.write("✓ 哈希链与全部签名有效")
            if not opts["target"]:
                return
        target = opts["target"]
        if not target:
            raise CommandError("请给出要校验的文件路径、网址或 SHA-256")
        digest = self._digest(target)
        entries = publication.entries_for_digest(digest)
        self.stdout.write(f"SHA-256：{digest}")
        if not entries:
            raise CommandError(
                "✗ 校验未通过：本平台没有发布过与之完全一致的文件（可能已被修改或并非本平台发布）"
            )
        for e in entries:
            sig = "签名有效" if publication.verify_signature(e) else "签名无效！"
            self.stdout.write(
                f"✓ 与发布时完全一致：《{e.name}》，{e.unit_name}（{e.unit_code}）"
                f"于 {e.published_at.isoformat()} 发布，公开记录第 {e.seq} 条，{sig}"
            )

    def _digest(self, target: str) -> str:
        if len(target) == 64 and all(c in "0123456789abcdefABCDEF" for c in target):
            return target.lower()
        if target.startswith(("http://", "https://")):
            try:
                with urllib.request.urlopen(target, timeout=30) as resp:  # noqa: S310 - scheme checked
                    data = resp.read(MAX_BYTES + 1)
            except OSError as exc:
                raise CommandError(f"无法下载 {target}：{exc}") from exc
            if len(data) > MAX_BYTES:
                raise CommandError("文件超过 200 MB")
            return hashlib.sha256(data).hexdigest()
        path = Path(target)
        if not path.is_file():
            raise CommandError(f"找不到文件 {target}")
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
