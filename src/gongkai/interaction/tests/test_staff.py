"""The staff pages: a unit sees its own messages only, acts through the page with the version
it read, the statistics and 社会关切 for supervisors, channel settings for administrators."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.interaction.models import Channel, Message
from gongkai.interaction.tests.conftest import submit

pytestmark = pytest.mark.usefixtures("calendar")


def test_a_clerk_routes_from_the_page_and_another_units_clerk_cannot_see_it(world, login):
    message = submit(world)
    client = login(world.clerk)
    page = client.get(f"/staff/interaction/{message.tracking_code}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'class="pii"' in body  # the phone typed in the text is marked for staff
    assert message.phone in body  # the writer's contact, for the unit handling it
    r = client.post(
        f"/staff/interaction/{message.tracking_code}/act/",
        {"action": "route", "version": message.version, "to_unit": world.civil.code},
        follow=True,
    )
    assert "已办理：审查受理并分办/转办" in r.content.decode()
    message.refresh_from_db()
    assert message.handling_unit == world.civil
    stale = client.post(
        f"/staff/interaction/{message.tracking_code}/act/",
        {"action": "decline", "version": message.version - 1, "reason": "重复"},
        follow=True,
    )
    assert "已被他人办理" in stale.content.decode() or "不能" in stale.content.decode()
    other = submit(world, title="另一条")
    login(world.other_clerk)
    assert client.get(f"/staff/interaction/{other.tracking_code}/").status_code == 404
    # but the routed one is now the bureau's to handle
    assert client.get(f"/staff/interaction/{message.tracking_code}/").status_code == 200


def test_the_list_filters_overdue_and_the_todo_counts(world, login):
    submit(world, "2026-11-02")  # due 2026-11-09
    from gongkai.interaction.jobs import interaction_tick
    from gongkai.interaction.tests.conftest import SHANGHAI

    interaction_tick(dt.datetime(2026, 11, 12, 7, tzinfo=SHANGHAI))
    client = login(world.clerk)
    assert Message.objects.get().overdue
    body = client.get("/staff/interaction/?flag=overdue").content.decode()
    assert "已超期" in body
    home = client.get("/staff/").content.decode()
    assert "政民互动" in home


def test_supervisors_see_statistics_and_concerns(world, login):
    submit(world, "2026-11-02")
    submit(world, "2026-11-03", title="加装电梯补贴标准")
    client = login(world.supervisor)
    body = client.get("/staff/interaction/stats/?month=2026-11").content.decode()
    assert "社会关切" in body
    assert "电梯" in body  # a frequent word of the period
    assert "欧阳咨询乙" not in body  # the writer's name is masked before counting words
    assert login(world.clerk).get("/staff/interaction/stats/").status_code == 403


def test_an_administrator_sets_a_channels_reply_limit_and_a_stale_form_is_refused(world, login):
    client = login(world.admin)
    channel = Channel.objects.get(slug="jy")
    r = client.post(
        "/staff/interaction/channels/jy/",
        {"version": channel.version, "reply_working_days": "20", "publishes": "1", "active": "1"},
    )
    assert r.status_code == 302
    channel.refresh_from_db()
    assert channel.reply_working_days == 20
    stale = client.post(
        "/staff/interaction/channels/jy/",
        {
            "version": channel.version - 1,
            "reply_working_days": "5",
            "publishes": "1",
            "active": "1",
        },
    )
    assert stale.status_code == 400
    assert "已被他人修改" in stale.content.decode()
    assert login(world.head).get("/staff/interaction/channels/").status_code == 403
