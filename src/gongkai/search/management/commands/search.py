"""``gongkai search rebuild [--laws PATH]`` and ``gongkai search "QUERY" [--json]``."""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.search.selectors import search_public
from gongkai.search.services import search_index_rebuild
from gongkai.search.sources import SearchSource, registered_sources


class ProgressBar:
    def __init__(self, stream: Any, width: int = 30) -> None:
        self.stream, self.width, self.start = stream, width, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        secs = time.monotonic() - self.start
        if total:
            filled = int(self.width * done / total)
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r索引 [{bar}] {done}/{total} {secs:5.1f}s")
        else:
            self.stream.write(f"\r读取记录 {done} 条 {secs:5.1f}s")
        self.stream.flush()


class Command(BaseCommand):
    help = '全文检索：search rebuild [--laws 路径] 重建索引；search "关键词" [--json] 检索'

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("words", nargs="+", help="rebuild，或检索词")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--laws", help="重建时一并索引法律法规语料（laws.jsonl.gz）")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--per-page", type=int, default=10)
        parser.add_argument("--sort", choices=["relevance", "date"], default="relevance")

    def handle(self, *args: Any, **opts: Any) -> None:
        words: list[str] = opts["words"]
        if words == ["rebuild"]:
            self._rebuild(opts.get("laws"))
            return
        query = " ".join(words)
        res = search_public(
            query=query, page=opts["page"], per_page=opts["per_page"], sort=opts["sort"]
        )
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "query": query,
                        "total": res.total,
                        "suggestion": res.suggestion,
                        "results": [
                            {k: v for k, v in h.as_dict().items() if k != "id"} for h in res.hits
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(f"共 {res.total} 条结果")
        if res.suggestion:
            self.stdout.write(f"您是不是要找：{res.suggestion}")
        for h in res.hits:
            where = f" {h.article}" if h.article else ""
            self.stdout.write(f"{h.score:8.3f}  {h.title}{where}  {h.url}\n          {h.snippet}")

    def _rebuild(self, laws: str | None) -> None:
        sources = registered_sources()
        if laws:
            path = Path(laws)
            if not path.exists():
                raise CommandError(f"找不到法律法规语料文件：{path}")
            from gongkai.search.laws import law_records

            sources = [*sources, SearchSource("laws", lambda: law_records(path))]
        bar = ProgressBar(sys.stderr)
        result = search_index_rebuild(actor=None, sources=sources, progress=bar)
        sys.stderr.write("\n")
        self.stdout.write(
            f"索引已重建：{result.records} 条记录，快照 {result.snapshot_mb:.1f} MB"
            f"（部署方式：{result.deployment}）"
        )
