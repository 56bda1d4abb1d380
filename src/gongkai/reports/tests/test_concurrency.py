"""Two staff editing the report's text parts: the second, stale save is refused, not applied."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.audit.models import AuditEvent
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db

URL = "/staff/reports/{code}/2024/"


def texts_form(client: Client, code: str) -> dict[str, object]:
    ctx = client.get(URL.format(code=code)).context
    data: dict[str, object] = {key: text for key, _, text in ctx["text_parts"]}
    return {**data, "action": "texts", "version": ctx["texts_version"]}


def test_two_staff_editing_the_report_text_the_second_gets_a_conflict_and_nothing_is_lost(
    world, client
):
    client.force_login(world.clerk)
    other = Client()
    other.force_login(world.head)
    url = URL.format(code=world.office.code)
    first = texts_form(client, world.office.code)
    second = texts_form(other, world.office.code)
    assert first["version"] == second["version"] == 0  # read before the draft existed
    first["part5"] = "第一位写的第五部分"
    assert client.post(url, first).status_code == 302
    report = AnnualReport.objects.get(unit=world.office, year=2024)
    assert report.version == 2
    second["part6"] = "第二位写的第六部分"
    response = other.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人修改" in html
    assert "刷新页面查看最新内容后再修改" in html
    assert "第二位写的第六部分" in html  # the second editor's text is still in the form
    report.refresh_from_db()
    assert report.part5 == "第一位写的第五部分"  # the first edit survives
    assert report.part6 != "第二位写的第六部分"  # the stale edit was not applied
    assert report.version == 2
    edits = AuditEvent.objects.filter(action="annual_report.edit")
    assert [(e.actor, e.after["version"]) for e in edits] == [(world.clerk, 2)]
    # After reloading, the second editor saves on top of the first edit.
    fresh = texts_form(other, world.office.code)
    assert fresh["version"] == 2
    assert fresh["part5"] == "第一位写的第五部分"
    fresh["part6"] = "第二位写的第六部分"
    assert other.post(url, fresh).status_code == 302
    report.refresh_from_db()
    assert (report.part5, report.part6) == ("第一位写的第五部分", "第二位写的第六部分")
