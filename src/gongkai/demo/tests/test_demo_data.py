from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.org.models import Role, Unit, User


@pytest.mark.django_db
def test_demo_data_builds_a_district_with_every_role_and_running_it_twice_changes_nothing():
    out = io.StringIO()
    call_command("demo-data", stdout=out)
    text = out.getvalue()
    assert "新增机构 11 个" in text
    assert "admin" in text
    assert "密码" in text
    district = Unit.objects.get(name="示范市示范区人民政府")
    kinds = set(district.children.values_list("kind", flat=True))
    assert {"office", "department", "street"} <= kinds
    roles = set(User.objects.values_list("role_assignments__role", flat=True))
    assert roles == set(Role.values)
    counts = (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count())
    out2 = io.StringIO()
    call_command("demo-data", stdout=out2)
    assert "新增机构 0 个，新增人员 0 个" in out2.getvalue()
    assert (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_documents_dates_are_lawful():
    """No demo document takes effect before it is published (an unpublished normative document
    may not be applied) or was signed after it; the replaced 2019 regulation is dated 2019."""
    from gongkai.documents.models import Document
    from gongkai.documents.selectors import public_documents

    call_command("demo-data", stdout=io.StringIO())
    own = public_documents().exclude(doc_number="").filter(unit__code__isnull=False)
    checked = 0
    for doc in own:
        if doc.published_on and doc.effective_on and doc.is_normative:
            assert doc.effective_on >= doc.published_on, doc.title
            checked += 1
        if doc.published_on and doc.written_on:
            assert doc.written_on <= doc.published_on, doc.title
    assert checked >= 3
    old = Document.objects.get(doc_number="示范府办发〔2019〕6号")
    assert old.written_on is not None
    assert old.written_on.year == 2019


@pytest.mark.django_db
def test_the_demo_shows_pictured_interpretations_and_last_years_published_report(client):
    """Issue 15 item 7: the 图解 interpretations carry their picture (drawn by the demo, with
    its text alternative) in their public page; the office's report for last year is published
    through the reports services and on the public annual-report page; 最新公开 and the
    document list start with documents in force."""
    import re

    from django.urls import reverse
    from django.utils import timezone

    from gongkai.documents.models import Attachment, Document
    from gongkai.documents.selectors import Browse, browse, latest_public
    from gongkai.reports.models import AnnualReport, ReportState

    call_command("demo-data", stdout=io.StringIO())
    pictured = Attachment.objects.filter(document__is_interpretation=True, content_type="image/png")
    assert pictured.count() == 2
    for att in pictured:
        assert att.document.interpretation_form == "图解"
        html = client.get(reverse("documents:detail", args=[att.document_id])).content.decode()
        url = reverse("documents:attachment-image", args=[att.document_id, att.pk])
        assert f'<img src="{url}" alt="{att.description}" lang="zh-CN">' in html
        assert len(att.description) > 60  # says what the picture shows, not its file name
        assert client.get(url)["Content-Type"] == "image/png"
    assert not Document.objects.filter(interpretation_form="视频").exists()  # none without a video

    year = timezone.localdate().year - 1
    report = AnnualReport.objects.get(unit__code="11310101MB0001001B", year=year)
    assert report.state == ReportState.PUBLISHED
    assert all(c["ok"] for c in report.checks), report.checks
    assert report.published_by.username == "fuzeren"
    assert report.figures.get(key="licensing").entered_by.username == "jingban"
    if year == 2025:
        assert report.tables["table3"]["（七）总计"]["总计"] == 4
        assert report.tables["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 4
    assert "改进措施" in report.part5
    listing = client.get("/xxgk/annual-reports/").content.decode()
    assert re.search(
        rf"<td>{year}</td><td><a href=\"[^\"]+\" lang=\"zh-CN\">{re.escape(report.title)}</a>",
        listing,
    )
    page = client.get(f"/xxgk/annual-reports/{report.pk}/")
    assert page.status_code == 200

    # published as an office would, by the 31 January deadline (条例第四十九条): on the last
    # working day of the project's calendar up to it, not on the day the demo was built
    from gongkai.reports.assemble import deadline_for
    from gongkai.workdays.selectors import load_calendar

    published_on = timezone.localtime(report.published_at).date()
    due = deadline_for(report.unit, year)
    if due < timezone.localdate():
        calendar = load_calendar()
        assert published_on <= due
        assert calendar.day(published_on).is_working
        later = (published_on + datetime.timedelta(days=n) for n in range(1, 10))
        assert not any(calendar.day(d).is_working for d in later if d <= due)
    if year == 2025:  # 31 January 2026 is a Saturday: published on Friday the 30th
        assert published_on == datetime.date(2026, 1, 30)
        assert "<td>2026-01-30</td>" in listing
        assert "2026年1月30日" in page.content.decode()

    assert latest_public()[0].state == "published"
    states = [d.state for d in browse(Browse())]
    first_out = states.index("repealed")  # the demo's replaced 2019 regulation
    assert first_out > 0
    assert all(s in ("repealed", "lapsed") for s in states[first_out:])
