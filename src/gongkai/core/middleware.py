"""Request context for the audit log: who acts, from where, through which channel."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
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
        if channel == "api" and _not_json_body(request):
            # a JSON body sent as text/plain (or as a form) is a "simple" request any other site
            # can make a browser send: the API reads a body only when it says it is JSON
            return JsonResponse(
                {"detail": "请求正文应为 JSON，并声明 Content-Type: application/json"}, status=415
            )
        with acting_through(channel, client_ip(request)):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        """A page's query parameter out of range (core.bounds): 400 saying which and why."""
        from gongkai.core.bounds import InvalidQuery

        if isinstance(exc, InvalidQuery):
            return render(request, "core/bad_request.html", {"message": exc.message}, status=400)
        return None


def _not_json_body(request: HttpRequest) -> bool:
    """A request with a body that is neither JSON nor a file upload (multipart)."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > 0 and request.content_type not in ("application/json", "multipart/form-data")


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


# A strict Content-Security-Policy (docs/decisions/0007): scripts and styles only from the site's
# own static files (no inline <script>, no on* handlers, no style attributes or <style>),
# nothing framed or framing, forms post only here. Permissions-Policy switches off the browser
# features no page of the platform uses.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "interest-cohort",
    )
)
_SHOWN_TYPES = ("text/html", "application/atom+xml", "application/xhtml+xml")


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response, and bidi control
    characters neutralised in every page and feed (core.text: where text is shown, whatever
    path it came in by)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        ctype = response.headers.get("Content-Type", "")
        if (
            ctype.startswith(_SHOWN_TYPES)
            and not getattr(response, "streaming", False)
            and "attachment" not in response.headers.get("Content-Disposition", "")
        ):
            from gongkai.core.text import neutralise_bidi_utf8

            body = response.content
            clean = neutralise_bidi_utf8(body)
            if clean != body:  # the same length: U+FFFD is three bytes, as each control is
                response.content = clean
        return response


class DatabaseOutageMiddleware:
    """While the database is unreachable (restarting, failing over), every request that needs it
    gets a plain Chinese 503 page with Retry-After, never a traceback; the page is rendered
    without touching the database. Django's CONN_HEALTH_CHECKS (settings) replaces the broken
    connection on the next request, so service resumes by itself once the database is back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import InterfaceError, OperationalError

        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:  # raised outside a view
            return self._unavailable(exc)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError

        if isinstance(exc, OperationalError | InterfaceError):
            return self._unavailable(exc)
        return None

    def _unavailable(self, exc: Exception) -> HttpResponse:
        import logging

        from django.template.loader import render_to_string

        logging.getLogger(__name__).error("database unavailable: %s", exc)
        response = HttpResponse(
            render_to_string("core/unavailable.html"), status=503, content_type="text/html"
        )
        response["Retry-After"] = "30"
        return response
