"""Request context for the audit log: who acts, from where, through which channel."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass(frozen=True)
class RequestContext:
    channel: str  # "web", "api", "cli", "job"
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("gongkai_request_context", default=None)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the audit log. Behind a trusted reverse proxy, the proxy appends
    the address it saw to X-Forwarded-For: the rightmost entry is the one a client cannot forge."""
    if settings.GONGKAI_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            ip = _valid_ip(forwarded.split(",")[-1])
            if ip:
                return ip
    return _valid_ip(request.META.get("REMOTE_ADDR") or "")


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


class RequestSizeLimitMiddleware:
    """Refuse a request body over GONGKAI_MAX_REQUEST_BYTES before Django reads it (Django's own
    DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.GONGKAI_MAX_REQUEST_BYTES
        if length > limit:
            return render(
                request,
                "core/too_large.html",
                {"limit_mb": limit // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)
