"""Fixtures for 政民互动: the default channels, a loaded calendar, a frozen clock, helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from gongkai.core.middleware import acting_through
from gongkai.interaction.models import Channel, Message
from gongkai.interaction.services import channels_install_defaults, message_act, message_submit
from gongkai.org.models import Role
from gongkai.portal.tests.conftest import (  # noqa: F401 - the shared browser fixtures
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
from gongkai.testing import make_staff
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# the header row of a 12345 / 国办转办 ticket file, written out (not taken from the importer)
HEADERS = [
    "编号",
    "收到时间",
    "姓名",
    "电话",
    "标题",
    "内容",
    "是否公开",
    "答复单位",
    "答复时间",
    "答复内容",
]

WRITER = {
    "name": "欧阳咨询乙",
    "phone": "13911112222",
    "email": "ouyang.yi@example.org",
    "title": "关于老旧小区加装电梯补贴的咨询",
    "content": "我是欧阳咨询乙，家住幸福路88号3号楼502室，请问加装电梯补贴怎么申请？"
    "我的电话13911112222，身份证110101199003077774。",
    "wants_public": True,
}


def at(day: str, hour: int = 10) -> Any:
    y, m, d = (int(x) for x in day.split("-"))
    return time_machine.travel(dt.datetime(y, m, d, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def _channels(request: pytest.FixtureRequest) -> None:
    """The default channels come from a data migration; a transactional (browser) test empties
    the tables, so put them back for the tests here that use the database."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("live_server" if "live_server" in request.fixturenames else "db")
        channels_install_defaults()


@pytest.fixture
def calendar(db: None) -> None:
    with acting_through("cli"):
        for year in (2025, 2026):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)


@pytest.fixture
def civil_staff(world: Any) -> Any:
    """The other unit's reviewer and head (the other clerk is in the world already)."""
    return {
        "reviewer": make_staff("civil_reviewer", world.civil, Role.REVIEWER, full_name="钱审核"),
        "head": make_staff("civil_head", world.civil, Role.HEAD, full_name="孙负责人"),
    }


def channel(slug: str = "zxzx") -> Channel:
    return Channel.objects.get(slug=slug)


def submit(world: Any, day: str = "2026-11-02", **over: Any) -> Message:
    with at(day):
        return message_submit(
            channel=channel(over.pop("channel", "zxzx")),
            unit=over.pop("unit", world.office),
            values={**WRITER, **over},
        )


def act(user: Any, message: Message, action: str, day: str = "2026-11-03", **kw: Any) -> Message:
    message.refresh_from_db()
    with at(day):
        return message_act(
            actor=user, code=message.tracking_code, action=action, version=message.version, **kw
        )
