"""``gongkai serve``: the platform on gunicorn, several worker processes (decision 0006).

The application is loaded once in the master, the search index snapshot is read there too, and
the workers are forked from it, so they start warm and share the snapshot's memory pages. Each
worker still checks the index state before every search (search/backend.py), so a change made
through any process is seen by all of them.
"""

from __future__ import annotations

import gc
import os
import socket
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    raw = os.environ.get("GONGKAI_WEB_WORKERS", "").strip()
    if raw:
        try:
            return int(raw)
        except ValueError:
            raise CommandError(f"GONGKAI_WEB_WORKERS 应为正整数，当前为“{raw}”") from None
    return max(1, min(os.cpu_count() or 1, 4))


def warm_search_index() -> str:
    """Load the search snapshot before the workers fork; a database without tables is fine."""
    from django.db import DatabaseError, connections

    from gongkai.search.engine import warm_compiled
    from gongkai.search.selectors import search_index_size, search_public

    warm_compiled()  # even if the index is empty
    try:
        size = search_index_size()
        search_public(query="政务公开")  # loads the segmenter and its dictionaries too
        search_public(query="zhengwu gongkai")  # and the "did you mean" tables (typo, pinyin)
        return f"检索索引已载入：{size} 条记录"
    except DatabaseError as exc:
        return f"检索索引未载入（{exc.__class__.__name__}），将在首次检索时载入"
    finally:
        connections.close_all()  # never share a database connection with the forked workers


def warm_code() -> None:
    """Import every view (through the URLconf) and compile the busiest public templates once
    in the master, so no worker pays for it on its first request."""
    from django.template.loader import get_template
    from django.urls import resolve
    from django.utils import translation

    resolve("/")

    for name in ("core/frame.html", "portal/home.html", "core/base.html"):
        get_template(name)
    translation.activate(settings.LANGUAGE_CODE)  # load the translation catalogues
    translation.deactivate()


class Command(BaseCommand):
    help = "用 gunicorn 提供服务（默认同时监听 127.0.0.1:8000 与 [::1]:8000，多个工作进程）"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--listen",
            action="append",
            default=[],
            help="监听地址，可重复；默认 127.0.0.1:8000 与 [::1]:8000",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="工作进程数；默认取环境变量 GONGKAI_WEB_WORKERS，否则为 CPU 核数（最多 4）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="每个工作进程的线程数；1（默认）为同步进程，建议置于 nginx 等反向代理之后",
        )
        parser.add_argument("--timeout", type=int, default=120, help="单个请求的超时秒数")

    def handle(self, *args: Any, **opts: Any) -> None:
        workers = opts["workers"] if opts["workers"] is not None else default_workers()
        if workers < 1 or workers > 64:
            raise CommandError(f"--workers 应在 1 到 64 之间，当前为 {workers}")
        if opts["threads"] < 1 or opts["threads"] > 64:
            raise CommandError(f"--threads 应在 1 到 64 之间，当前为 {opts['threads']}")
        listen = opts["listen"] or ["127.0.0.1:8000"]
        if not opts["listen"] and socket.has_ipv6:
            try:
                with socket.socket(socket.AF_INET6) as s:
                    s.bind(("::1", 0))
                listen.append("[::1]:8000")
            except OSError:
                self.stderr.write("本机未启用 IPv6 回环地址，只监听 127.0.0.1:8000")
        from gunicorn.app.base import BaseApplication

        from gongkai.search import backend as search_backend
        from gongkai.wsgi import application

        warm_code()
        self.stdout.write(warm_search_index())
        # The index holds millions of long-lived objects: move everything loaded so far out of
        # the cyclic garbage collector's reach, so no worker walks (and copies) them all on
        # its first collection (gc.freeze, meant for exactly this before forking).
        gc.collect()
        gc.freeze()
        if opts["threads"] == 1:
            # sync workers: a snapshot a worker loads after a rebuild is frozen the same way
            # (freezing also pins whatever else is alive at that moment; with one request per
            # worker at a time that is one request's objects, once per rebuild)
            search_backend.FREEZE_SNAPSHOTS = True
        for addr in listen:
            self.stdout.write(f"正在提供服务：http://{addr}/（{workers} 个工作进程）")
        self.stdout.flush()
        options = {
            "bind": listen,
            "workers": workers,
            "threads": opts["threads"],
            "worker_class": "gthread" if opts["threads"] > 1 else "sync",
            "timeout": opts["timeout"],
            "graceful_timeout": 30,
            "preload_app": True,
            "control_socket_disable": True,
            "proc_name": "gongkai",
            # never take the scheme from X-Forwarded-Proto & co. here: whether to trust the
            # proxy is Django's decision (SECURE_PROXY_SSL_HEADER, set only with
            # GONGKAI_TRUST_X_FORWARDED_FOR), not gunicorn's default trust of 127.0.0.1
            "secure_scheme_headers": {},
            # request line and header limits; bodies are limited by RequestSizeLimitMiddleware
            "limit_request_line": 8190,
            "limit_request_field_size": 8190,
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in options.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        Server().run()
