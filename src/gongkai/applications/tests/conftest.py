"""Fixtures for the disclosure-request tests: a loaded calendar, a frozen clock, helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from gongkai.applications.models import Application
from gongkai.applications.services import application_act, application_submit_online
from gongkai.core.middleware import acting_through
from gongkai.portal.tests.conftest import axe, axe_violations, browser  # noqa: F401 - browser fixtures
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

SHANGHAI = dt.timezone(dt.timedelta(hours=8))

PERSON = {
    "name": "欧阳测试甲",
    "id_type": "id_card",
    "id_number": "110101199001017777",
    "phone": "13900009876",
    "email": "ouyang.jia@example.org",
    "address": "测试市梧桐巷九十九号",
}
CASE = {
    "applicant_type": "natural",
    "information": "2024年测试区老旧小区改造项目的资金使用情况",
    "provision_form": "paper",
    "delivery_way": "post",
}


def at(day: str, hour: int = 10):
    """Freeze the clock at ``day`` (Asia/Shanghai)."""
    y, m, d = (int(x) for x in day.split("-"))
    return time_machine.travel(dt.datetime(y, m, d, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def calendar(db):
    with acting_through("cli"):
        for year in (2024, 2025):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)


def submit(world, day: str, **over: Any) -> Application:
    with at(day):
        return application_submit_online(
            unit=over.pop("unit", world.office),
            values={**CASE, **over.pop("values", {})},
            applicant={**PERSON, **over.pop("applicant", {})},
        )


def act(user, app: Application, action: str, day: str, **payload: Any) -> Application:
    app.refresh_from_db()
    with at(day):
        return application_act(
            actor=user, code=app.tracking_code, action=action, version=app.version, payload=payload
        )
