"""One figure, one definition (issue 15): on the demo data, the workbench dashboard, the annual
report and the statistics give the same 新收, 办结, 未办结 and 已超期 — each is computed by the
same selector (reports.sources) — and the year pickers open on the latest year with data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.selectors import dashboard_figures
from gongkai.org.access import unit_ids_below
from gongkai.org.models import Unit, User
from gongkai.reports import layout, sources
from gongkai.reports.assemble import assemble
from gongkai.reports.stats import Period, compute_stats

pytestmark = pytest.mark.django_db


def test_dashboard_report_and_statistics_agree_on_the_demo_data(client):
    call_command("demo-data", stdout=io.StringIO())
    today = timezone.localdate()
    compared = 0
    for unit in Unit.objects.exclude(kind="division"):
        ids = sources.report_unit_ids(unit)
        if set(ids) != unit_ids_below([unit.pk]):
            continue  # a government's report sums its members' reports; compared through them
        apps = sources.applications_of(ids)
        if not apps.exists():
            continue
        fig = dashboard_figures(apps, today)
        a = assemble(unit, today.year)
        t3 = a.tables.table3
        s = compute_stats(unit, Period.year(today.year), per_unit=False)
        total = layout.TOTAL
        assert fig["received"] == t3[layout.ROW_NEW][total] == s.received, unit.name
        assert fig["closed"] == t3[layout.ROW_TOTAL][total] == s.closed, unit.name
        assert fig["open"] == t3[layout.ROW_CARRIED_OUT][total], unit.name
        assert fig["overdue"] == s.overdue_open, unit.name
        assert f"尚未答复且已超过答复期限的申请 {fig['overdue']} 件" in a.texts["part5"]
        compared += 1
    assert compared >= 1

    # The dashboard page shows those figures (the office's head sees the office's cases).
    head = User.objects.get(username="fuzeren")
    office = Unit.objects.get(pk=head.unit_id)
    fig = dashboard_figures(sources.applications_of(sources.report_unit_ids(office)), today)
    client.force_login(head)
    html = client.get(reverse("applications:dashboard")).content.decode()
    assert f'<td id="dash-received">{fig["received"]}</td>' in html
    assert f'<td id="dash-closed">{fig["closed"]}</td>' in html


def test_year_pickers_include_this_year_and_open_on_the_report_due_or_the_latest_data(client):
    """The statistics open on the latest year with data; the reports index on last year's
    report while a unit in scope has not published it (the demo publishes only the office's),
    see selectors.index_default_year and test_default_year.py."""
    call_command("demo-data", stdout=io.StringIO())
    today = timezone.localdate()
    supervisor = User.objects.get(username="zhuguan")
    ids = unit_ids_below([supervisor.unit_id])
    latest = sources.years_with_data(ids, today.year)[0]
    assert sources.default_year(ids, today) == latest
    client.force_login(supervisor)
    index = client.get(reverse("reports:index")).content.decode()
    assert f'<option value="{today.year}"' in index  # this year is offered
    assert f'<option value="{today.year - 1}" selected>' in index
    stats = client.get(reverse("reports:stats")).content.decode()
    assert f'value="{datetime.date(latest, 1, 1):%Y-%m-%d}"' in stats
