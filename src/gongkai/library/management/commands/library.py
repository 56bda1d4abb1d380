"""``gongkai library load FILE``: load a laws corpus into the 法律法规库 (decision 0008).

FILE is a ``laws.jsonl.gz`` (or ``.jsonl``): one law a line with ``title``, ``body_markdown``
(articles start “第X条”) and optionally ``level``, ``category``, ``history``, ``publish_date``,
``valid_from``, ``expired``, ``source_path``. A progress bar shows reading, writing and indexing;
the laws' part of the search index is rebuilt at the end (``--no-index``: leave it to the tick).
Without FILE, ``--sample`` loads the small sample shipped with Gongkai.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.middleware import acting_through
from gongkai.library.services import LoadError, library_load

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "laws-sample.jsonl.gz"


def load_and_index(path: Path, stdout: Any, *, index: bool = True) -> None:
    from gongkai.library import search_source
    from gongkai.search.management.commands.search import ProgressBar
    from gongkai.search.services import search_index_rebuild
    from gongkai.search.sources import SearchSource

    if not path.exists():
        raise CommandError(f"找不到法律法规语料文件：{path}（应为 laws.jsonl.gz）")
    bar = ProgressBar(sys.stderr, label="载入")
    try:
        with acting_through("cli"):
            summary = library_load(actor=None, path=path, progress=bar)
    except LoadError as exc:
        sys.stderr.write("\n")
        raise CommandError(str(exc)) from exc
    sys.stderr.write("\n")
    stdout.write(
        f"法律法规库：读取 {summary.read} 部，新增 {summary.created} 部，更新 {summary.updated} 部，"
        f"未变 {summary.unchanged} 部。"
    )
    if index:
        source = SearchSource(
            search_source.SOURCE,
            search_source.all_records,
            search_source.changes,
            kind="library",
        )
        bar = ProgressBar(sys.stderr)
        result = search_index_rebuild(actor=None, sources=[source], progress=bar)
        sys.stderr.write("\n")
        stdout.write(f"检索索引已重建：{result.records} 条记录，快照 {result.snapshot_mb:.1f} MB")


class Command(BaseCommand):
    help = "法律法规库：library load 文件路径（laws.jsonl.gz）载入并建立检索；--sample 载入自带样本"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["load"], help="load：载入法律法规语料")
        parser.add_argument("file", nargs="?", help="laws.jsonl.gz 的路径")
        parser.add_argument("--sample", action="store_true", help="载入随本软件提供的样本")
        parser.add_argument("--no-index", action="store_true", help="不立即重建检索索引")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["file"]:
            path = Path(opts["file"])
        elif opts["sample"]:
            path = SAMPLE
        else:
            raise CommandError("请给出 laws.jsonl.gz 的路径，或用 --sample 载入自带样本")
        load_and_index(path, self.stdout, index=not opts["no_index"])
