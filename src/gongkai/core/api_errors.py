"""A service called from an API route: its refusals as HTTP answers with the service's own
Chinese message (409 a concurrent change, 403 no permission, 400 anything else to fix)."""

from __future__ import annotations

from typing import Any

from ninja.errors import HttpError

from gongkai.core.errors import AccessDenied, ConflictError, DomainError


def call_service(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ConflictError as exc:
        raise HttpError(409, exc.message) from exc
    except AccessDenied as exc:
        raise HttpError(403, exc.message) from exc
    except DomainError as exc:
        raise HttpError(400, exc.message) from exc
