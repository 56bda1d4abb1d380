"""Report API: the annual report as JSON (same keys as ``gongkai report annual --format json``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from ninja.security import django_auth

from gongkai.api import requires
from gongkai.core.errors import DomainError
from gongkai.org.access import Perm
from gongkai.org.models import User
from gongkai.reports.assemble import assemble
from gongkai.reports.selectors import unit_for_report
from gongkai.statute import FIRST_REPORT_YEAR

router = Router(tags=["年度报告"])


@router.get(
    "/annual", auth=django_auth, summary="政府信息公开工作年度报告（表二、表三、表四及校验）"
)
@requires(Perm.VIEW_REPORTS)
def annual(request: HttpRequest, unit: str = "", year: int = 0) -> Any:
    """``unit`` defaults to the user's own unit, ``year`` to last year."""
    user = request.user
    code = unit or (user.unit.code if isinstance(user, User) and user.unit else "")
    try:
        target = unit_for_report(user, code)
    except DomainError as exc:
        raise HttpError(403 if "权限" in exc.message else 404, exc.message) from exc
    this_year = timezone.localdate().year
    # the years report_open accepts; 99999 was a 500
    if year and not FIRST_REPORT_YEAR <= year <= this_year:
        raise HttpError(400, f"年度应在 {FIRST_REPORT_YEAR} 至 {this_year} 之间")
    return assemble(target, year or this_year - 1).as_json()
