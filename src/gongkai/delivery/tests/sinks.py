"""Local receivers for the outbox's tests: a tiny SMTP sink and an HTTP endpoint, both real
servers on 127.0.0.1 in a thread, recording what they received."""

from __future__ import annotations

import email
import email.policy
import http.server
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any


@dataclass
class SmtpSink:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)


class _SmtpHandler(socketserver.StreamRequestHandler):
    sink: SmtpSink

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 sink ESMTP")
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            verb = raw.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._say("250 sink")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 end with <CRLF>.<CRLF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if line in {b".\r\n", b".\n", b""}:
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                msg = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                self.sink.messages.append(msg)
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink("127.0.0.1", 0)
    handler = type("Handler", (_SmtpHandler,), {"sink": sink})
    with _Server(("127.0.0.1", 0), handler) as server:
        sink.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield sink
        finally:
            server.shutdown()


@dataclass
class HttpEndpoint:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    # status codes to answer, in order; when used up, 200
    answers: list[int] = field(default_factory=list)


@contextmanager
def http_endpoint(path: str = "/filing") -> Iterator[HttpEndpoint]:
    endpoint = HttpEndpoint("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            endpoint.received.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            status = endpoint.answers.pop(0) if endpoint.answers else 200
            reply = f'{{"accepted": {str(status == 200).lower()}, "n": {len(endpoint.received)}}}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply.encode())

        def log_message(self, *args: Any) -> None:
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        endpoint.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield endpoint
        finally:
            server.shutdown()
