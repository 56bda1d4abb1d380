"""Helpers shared by the public site and the workbench."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from gongkai.core.errors import AccessDenied
from gongkai.org.access import Perm, can

F = TypeVar("F", bound=Callable[..., HttpResponseBase])


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(
        request,
        "core/forbidden.html",
        {
            "message": message
            or "您没有权限访问此页面。如需访问，请联系本单位负责人或系统管理员。",
            # signed-in staff stay in the workbench's frame (it looked as if they were logged out)
            "base": "workbench/base.html"
            if request.user.is_authenticated and request.path.startswith("/staff/")
            else "core/base.html",
        },
        status=403,
    )


def staff_view(perm: Perm) -> Callable[[F], F]:
    """Every workbench view declares the permission it needs; the role-matrix test reads it."""

    def deco(fn: F) -> F:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, perm):
                return forbidden(request)
            try:
                return fn(request, *args, **kwargs)
            except AccessDenied as exc:
                return forbidden(request, exc.message)

        wrapper.required_perm = perm  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return deco
