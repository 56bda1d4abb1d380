"""Request context for the audit log: who acts, from where, through which channel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    channel: str  # "web", "api", "cli", "job"
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("gongkai_request_context", default=None)


def client_ip(request: HttpRequest) -> str | None:
    if settings.GONGKAI_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def current_context() -> RequestContext:
    return _current.get() or RequestContext(channel="cli", ip=None)


@contextmanager
def acting_through(channel: str, ip: str | None = None) -> Iterator[None]:
    token = _current.set(RequestContext(channel=channel, ip=ip))
    try:
        yield
    finally:
        _current.reset(token)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with acting_through(channel, client_ip(request)):
            return self.get_response(request)
