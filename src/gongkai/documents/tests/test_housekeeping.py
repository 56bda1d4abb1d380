"""Timeliness (条例 Art. 26), the monthly filing export and the re-review campaign."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai import statute
from gongkai.documents import exports, lifecycle, selectors
from gongkai.documents.models import State

pytestmark = pytest.mark.django_db


def test_publication_is_due_within_20_working_days_of_the_written_date():
    due, _ = selectors.publication_due(datetime.date(2026, 3, 2))
    assert statute.PROACTIVE_PUBLISH_WORKING_DAYS == 20
    assert due == datetime.date(2026, 3, 30)  # 20 working days after Monday 2 March (no holidays)
    # Across the National Day holiday the project's calendar is used: Monday-Friday counting
    # would give 26 October; the holiday moves the due date to 30 October.
    due_oct, provisional = selectors.publication_due(datetime.date(2026, 9, 28))
    assert due_oct == datetime.date(2026, 10, 30)
    assert not provisional


def test_late_documents_are_flagged_on_the_staff_list(world, client, make_doc, publish):
    late = make_doc(title="迟发的文件", written_on="2026-03-02")
    publish(late)
    today = timezone.localdate()
    on_time = make_doc(title="按时的文件", written_on=today - datetime.timedelta(days=2))
    publish(on_time)
    flags = selectors.timeliness(selectors.documents_visible_to(world.clerk), today)
    assert [t.document.title for t in flags] == ["迟发的文件"]
    client.force_login(world.clerk)
    html = client.get(reverse("documents_staff:list")).content.decode()
    assert "超过 20 个工作日（应于 2026-03-30 前发布）" in html


def test_monthly_filing_export_lists_new_documents_with_update_counts(
    world, client, make_doc, publish
):
    doc = make_doc(title="本月新文件")
    publish(doc)
    interp = make_doc(title="本月解读", is_interpretation=True, interpretation_form="图解")
    publish(interp)
    today = timezone.localdate()
    report = exports.monthly_filing(user=world.reviewer, year=today.year, month=today.month)
    assert {r["title"] for r in report["documents"]} == {"本月新文件", "本月解读"}
    assert report["counts"] == {
        "information_updates": 2,
        "document_updates": 1,
        "interpretations": 1,
    }
    client.force_login(world.reviewer)
    month = f"{today.year}-{today.month:02d}"
    j = client.get(reverse("documents_staff:filing"), {"month": month, "format": "json"})
    assert json.loads(j.content)["counts"]["interpretations"] == 1
    x = client.get(reverse("documents_staff:filing"), {"month": month, "format": "xlsx"})
    wb = openpyxl.load_workbook(io.BytesIO(x.content))
    assert wb["新增文件"]["A1"].value == "索引号"
    assert wb["新增文件"].max_row == 3
    client.force_login(world.clerk)  # clerks have no REVIEW permission
    assert client.get(reverse("documents_staff:filing")).status_code == 403


def test_re_review_campaign_lists_old_undisclosed_documents_and_converts_them(
    world, client, make_doc
):
    old = make_doc(title="2012年的文件", written_on="2012-05-01")
    lifecycle.document_submit(actor=world.clerk, document=old)
    lifecycle.document_approve(
        actor=world.reviewer, document=old, disclosure_mode="不予公开",
        disclosure_basis="条例第十六条 内部事务信息", confidentiality_checked=True,
    )  # fmt: skip
    make_doc(title="2009年的文件", written_on="2009-05-01")
    candidates = list(exports.rereview_candidates(world.reviewer).values_list("title", flat=True))
    assert candidates == ["2012年的文件"]
    client.force_login(world.reviewer)
    assert "2012年的文件" in client.get(reverse("documents_staff:rereview")).content.decode()
    old.refresh_from_db()
    client.post(
        reverse("documents_staff:rereview"),
        {"doc": [old.pk], "mode": "主动公开", f"v-{old.pk}": old.version},
    )
    old.refresh_from_db()
    assert old.disclosure_mode == "主动公开"
    assert old.state == State.DRAFT  # published only after a fresh review


def test_unpublished_documents_past_the_art_26_period_are_a_to_do(world, client, make_doc):
    from gongkai.workbench.todo import todo_items

    make_doc(title="压了很久的草稿", written_on="2026-03-02")
    make_doc(title="新起草的", written_on=timezone.localdate())
    items = {i.label: i for i in todo_items(world.clerk) if i.group == "主动公开"}
    assert items["超过20个工作日未发布"].count == 1
    client.force_login(world.clerk)
    html = client.get(items["超过20个工作日未发布"].url).content.decode()
    assert "压了很久的草稿" in html
    assert "新起草的" not in html
