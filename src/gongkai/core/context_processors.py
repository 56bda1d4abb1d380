from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gongkai.core.prefs import display_prefs


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "prefs": display_prefs(request),
        "site_sponsor": settings.GONGKAI_SITE_SPONSOR,
        "site_id_code": settings.GONGKAI_SITE_ID_CODE,
        "site_contact": settings.GONGKAI_SITE_CONTACT,
    }
