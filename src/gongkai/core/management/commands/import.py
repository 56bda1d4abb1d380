"""``gongkai import <kind> FILE ...``: dispatch to the importer a module registered."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.importers import registered_importers


class Command(BaseCommand):
    help = "批量导入（gongkai import <类型> 文件 ...）；类型见 gongkai import --help"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", metavar="类型", required=True)
        for name, (help_text, add_arguments, _handle) in registered_importers().items():
            add_arguments(sub.add_parser(name, help=help_text))

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options.get("kind")
        importers = registered_importers()
        if kind not in importers:
            raise CommandError(f"未知的导入类型“{kind}”：可用类型为 {'、'.join(importers)}")
        importers[kind][2](options, self.stdout)
