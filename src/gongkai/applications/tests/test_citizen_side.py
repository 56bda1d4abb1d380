"""The applicant's side of a case (issue 15): with the tracking code and phone the applicant reads
what the correction notice asks, downloads every letter, corrects online (which restarts the
clock, 条例第三十条), downloads released files under names that say what they are, and is told
when a deadline is provisional."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.files import casefile_add
from gongkai.applications.models import Application, CaseFile
from gongkai.applications.services import application_correct_online
from gongkai.applications.tests.conftest import act, at, submit
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.testing import tiny_pdf, tiny_png

pytestmark = pytest.mark.usefixtures("calendar")


def _prove(client, app):
    response = client.post(reverse("apply:track"), {"code": app.tracking_code, "secret": "7777"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_applicant_reads_the_notice_downloads_it_and_corrects_online(world, client):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "request_correction", "2024-09-23", what="请写明所需信息的年份和文号")
    seq = app.events.get(kind="request_correction").seq
    pdf_url = reverse("apply:letter", args=[app.tracking_code, seq, "pdf"])
    docx_url = reverse("apply:letter", args=[app.tracking_code, seq, "docx"])
    with at("2024-09-25"):  # the session lives two weeks from the frozen day
        html = _prove(client, app)
        assert "请写明所需信息的年份和文号" in html
        assert pdf_url in html
        assert docx_url in html
        pdf = client.get(pdf_url)
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
        assert "补正告知书" in unquote(pdf["Content-Disposition"])
        assert client.get(docx_url).content.startswith(b"PK")
        # another browser, without the code and phone, gets nothing
        assert client.__class__().get(pdf_url).status_code == 404

    before = Application.objects.get(pk=app.pk).due_on
    with at("2024-09-25"):
        response = client.post(
            reverse("apply:correct", args=[app.tracking_code]),
            {
                "content": "所需信息为2023年度老旧小区改造资金使用情况，文号测建〔2023〕5号。",
                "materials": [
                    SimpleUploadedFile("补充说明.pdf", tiny_pdf(), "application/pdf"),
                    SimpleUploadedFile("照片.png", tiny_png(), "image/png"),
                ],
            },
        )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "handling"
    event = app.events.get(kind="receive_correction")
    assert event.on == dt.date(2024, 9, 25)
    assert event.actor_label == "申请人"
    assert "测建〔2023〕5号" in event.data["content"]
    assert len(event.data["files"]) == 2
    assert CaseFile.objects.filter(application=app, kind="original").count() == 2
    # the period runs afresh from the correction: the 20th working day after 2024-09-25,
    # counting the 国庆 make-up days 9-29 and 10-12 and skipping 10-1..10-7
    assert app.due_on == dt.date(2024, 10, 28)
    assert app.due_on != before
    assert AuditEvent.objects.filter(
        action="application.receive_correction", object_id=app.tracking_code
    ).exists()
    with at("2024-09-25"):
        page = client.get(reverse("apply:track")).content.decode()  # the same session
    assert "补正材料已提交" in page
    assert "2024年10月28日" in page
    assert "提交补正" not in page


def test_a_correction_is_refused_with_what_to_fix(world):
    app = submit(world, "2024-09-20")
    with pytest.raises(DomainError, match="待申请人补正"):
        application_correct_online(code=app.tracking_code, content="内容足够长了")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "request_correction", "2024-09-23", what="请写明文号", until="2024-09-30")
    with pytest.raises(ValidationFailed, match="PDF、JPG 或 PNG"):
        application_correct_online(
            code=app.tracking_code, content="补正说明", files=[("a.exe", b"MZ")]
        )
    with pytest.raises(ValidationFailed, match="请写明补正的内容"):
        application_correct_online(code=app.tracking_code, content="")
    with at("2024-10-08"), pytest.raises(DomainError, match="补正期限已于 2024-09-30 届满"):
        application_correct_online(code=app.tracking_code, content="补正说明在此")
    app.refresh_from_db()
    assert app.state == "correction"


def test_released_files_download_under_names_that_say_what_they_are(world, client):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    casefile_add(
        actor=world.clerk, code=app.tracking_code, kind="released", name="scan_0001.pdf",
        data=tiny_pdf(), note="2023年老旧小区改造资金使用明细，已隐去个人信息",
    )  # fmt: skip
    html = _prove(client, app)  # real time: the session is fresh
    expected = f"{app.tracking_code}-1-2023年老旧小区改造资金使用明细.pdf"
    assert expected in html
    assert "scan_0001" not in html
    file_id = CaseFile.objects.get(application=app, kind="released").pk
    response = client.get(reverse("apply:file", args=[app.tracking_code, file_id]))
    assert expected in unquote(response["Content-Disposition"])
    assert "scan_0001" not in response["Content-Disposition"]


def test_a_provisional_deadline_is_marked_with_the_reason(world, client):
    # the seeded calendar ends with 2026: a deadline running into 2027 is an estimate
    app = submit(world, "2026-12-15")
    app.refresh_from_db()
    assert app.due_provisional
    session = client.session
    session["applications_submitted"] = [app.tracking_code]
    session.save()
    receipt = client.get(reverse("apply:receipt", args=[app.tracking_code])).content.decode()
    assert "临时期限" in receipt
    assert "尚未载入本平台日历" in receipt
    assert "尚未载入本平台日历" in _prove(client, app)
    client.force_login(world.clerk)
    case = client.get(reverse("applications:case", args=[app.tracking_code])).content.decode()
    assert "临时期限" in case
    staff_list = client.get(reverse("applications:list")).content.decode()
    assert "临时期限" in staff_list


def test_the_one_extension_is_not_offered_again(world, client):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    url = reverse("applications:case", args=[app.tracking_code])
    client.force_login(world.head)
    with at("2024-10-08"):
        assert "<summary>批准延期答复" in client.get(url).content.decode()
    act(world.head, app, "extend", "2024-10-08", days=10, reason="需调取档案")
    with at("2024-10-08"):
        assert "<summary>批准延期答复" not in client.get(url).content.decode()
        api = client.get(f"/api/applications/{app.tracking_code}").json()
    assert "extend" not in api["allowed_actions"]
