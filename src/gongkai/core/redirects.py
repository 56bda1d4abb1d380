"""The one safe-redirect helper: every ``next=`` the platform follows goes through it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str, *, field: str = "next") -> str:
    """The ``next`` the request carries (POST, else GET) when it stays on this site; otherwise
    ``fallback``. Another host, a scheme-relative //host, javascript: and backslash tricks are
    refused (Django's url_has_allowed_host_and_scheme)."""
    nxt = request.POST.get(field) or request.GET.get(field) or ""
    if nxt and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return fallback
