from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.middleware import acting_through
from gongkai.org.selectors import all_units_for_export
from gongkai.org.services import UNIT_FIELDS, unit_snapshot, units_import


class Command(BaseCommand):
    help = "机构管理：import 从 CSV/XLSX 导入机构树（表头 代码、名称、上级代码）；list 列出机构"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入机构（整文件成功或全部不写入）")
        imp.add_argument("file", help="CSV 或 XLSX 文件")
        lst = sub.add_parser("list", help="列出机构")
        lst.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "import":
            self._import(opts["file"])
        else:
            self._list(json_out=opts["json"])

    def _import(self, path: str) -> None:
        try:
            with acting_through("cli"):
                result = units_import(actor=None, path=path, system=True)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{path}") from exc
        except ValidationFailed as exc:
            raise CommandError(
                "导入失败，未写入任何数据。请修改以下问题后重新导入：\n  "
                + "\n  ".join(exc.problems)
            ) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"导入完成：新增 {len(result.created)} 个，更新 {len(result.updated)} 个，"
            f"未变 {len(result.unchanged)} 个。"
        )
        for code in result.created:
            self.stdout.write(f"  新增 {code}")
        for code in result.updated:
            self.stdout.write(f"  更新 {code}")

    def _list(self, *, json_out: bool) -> None:
        nodes = all_units_for_export()
        if json_out:
            data = []
            for node in nodes:
                item = unit_snapshot(node.unit)
                item["name"] = node.unit.name
                item["depth"] = node.depth
                data.append(item)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        headers = dict(UNIT_FIELDS)
        self.stdout.write(f"{headers['code']}\t{headers['name']}\t{headers['parent']}")
        for node in nodes:
            parent = node.unit.parent.code if node.unit.parent else ""
            self.stdout.write(f"{node.unit.code}\t{'  ' * node.depth}{node.unit.name}\t{parent}")
        self.stdout.write(f"共 {len(nodes)} 个机构。")
