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
    data: dict[str, object] = {key: text for key, _, text, _ in ctx["text_parts"]}
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


def figure_form(client: Client, code: str, key: str) -> dict[str, object]:
    ctx = client.get(URL.format(code=code)).context
    return {"action": "figure", "key": key, **{f"seen-{k}": pk for k, pk in ctx["figure_seen"]}}


def test_two_staff_entering_the_same_figure_the_second_gets_a_conflict_and_nothing_is_lost(
    world, client
):
    from gongkai.reports.models import ManualFigure

    client.force_login(world.clerk)
    other = Client()
    other.force_login(world.head)
    url = URL.format(code=world.office.code)
    first = figure_form(client, world.office.code, "penalty")
    second = figure_form(other, world.office.code, "penalty")
    assert first["seen-penalty"] == second["seen-penalty"] == 0
    first.update(value="35", source="审批系统统计表")
    assert client.post(url, first).status_code == 302
    second.update(value="37", source="第二位的来源")
    response = other.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已由王经办填报为 35" in html
    assert "刷新页面查看最新内容后再修改" in html
    assert 'value="第二位的来源"' in html  # the second editor's input is kept
    assert 'value="37"' in html
    figures = ManualFigure.objects.filter(report__unit=world.office, key="penalty")
    assert [(f.value, f.entered_by) for f in figures] == [(35, world.clerk)]
    events = AuditEvent.objects.filter(action="annual_report.figure")
    assert [(e.actor, e.after["value"]) for e in events] == [(world.clerk, "35")]
    # Another key is not affected by the first entry.
    other_key = figure_form(other, world.office.code, "fees")
    assert other.post(url, {**other_key, "value": "1.5", "source": "财务"}).status_code == 302
    # After reloading, the second editor supersedes the first number knowingly.
    fresh = figure_form(other, world.office.code, "penalty")
    assert fresh["seen-penalty"] == figures.get().pk
    assert other.post(url, {**fresh, "value": "37", "source": "第二位的来源"}).status_code == 302
    assert [f.value for f in figures.all()] == [37, 35]  # newest first; the history keeps both
