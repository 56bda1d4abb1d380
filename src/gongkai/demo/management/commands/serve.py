from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "用 waitress 提供服务（默认同时监听 127.0.0.1:8000 与 [::1]:8000）"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--listen",
            action="append",
            default=[],
            help="监听地址，可重复；默认 127.0.0.1:8000 与 [::1]:8000",
        )
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **opts: Any) -> None:
        import socket

        from waitress import serve  # type: ignore[import-untyped]

        from gongkai.wsgi import application

        listen = opts["listen"] or ["127.0.0.1:8000"]
        if not opts["listen"] and socket.has_ipv6:
            try:
                with socket.socket(socket.AF_INET6) as s:
                    s.bind(("::1", 0))
                listen.append("[::1]:8000")
            except OSError:
                self.stderr.write("本机未启用 IPv6 回环地址，只监听 127.0.0.1:8000")
        for addr in listen:
            self.stdout.write(f"正在提供服务：http://{addr}/")
        serve(
            application,
            listen=" ".join(listen),
            threads=opts["threads"],
            ident="gongkai",
            # Refuse oversized bodies in the server too (see GONGKAI_MAX_REQUEST_BYTES).
            max_request_body_size=settings.GONGKAI_MAX_REQUEST_BYTES,
        )
