from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gongkai.core.prefs import display_prefs


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": settings.GONGKAI_SITE_NAME, "prefs": display_prefs(request)}
