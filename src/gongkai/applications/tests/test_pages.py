"""Public and staff pages through HTTP, as the personas would use them."""

from __future__ import annotations

import io
import re
import zlib

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.applications.tests.conftest import CASE, PERSON, act, at, submit
from gongkai.audit.models import AuditEvent

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


def form_data(world, **over):
    return {"unit": world.office.code, **CASE, **PERSON, "website": "", **over}


def test_a_citizen_applies_without_an_account_and_gets_a_receipt(world, client):
    page = client.get(reverse("apply:form"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert world.office.name in html  # unit chosen from the tree
    assert 'aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
    with at("2024-09-20"):
        response = client.post(reverse("apply:form"), form_data(world))
        assert response.status_code == 302
        app = Application.objects.get()
        assert response["Location"] == reverse("apply:receipt", args=[app.tracking_code])
        receipt = client.get(response["Location"]).content.decode()
    assert app.tracking_code in receipt
    assert "2024年9月20日" in receipt
    assert PERSON["name"] not in receipt
    assert PERSON["phone"] not in receipt


def test_the_receipt_is_only_shown_to_the_submitting_browser(world, client):
    app = submit(world, "2024-09-20")
    assert client.get(reverse("apply:receipt", args=[app.tracking_code])).status_code == 404


def test_validation_messages_say_what_to_fix(world, client):
    response = client.post(
        reverse("apply:form"), form_data(world, name="", phone="", email="", address="", unit="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写姓名或单位名称" in html
    assert "请至少填写一种联系方式" in html
    assert "请选择受理机关" in html
    assert Application.objects.count() == 0
    response = client.post(reverse("apply:form"), form_data(world, id_number="12345"))
    assert "居民身份证号码应为 18 位" in response.content.decode()
    assert Application.objects.count() == 0


def test_the_honeypot_stores_nothing(world, client):
    response = client.post(reverse("apply:form"), form_data(world, website="http://spam"))
    assert response.status_code == 200
    assert Application.objects.count() == 0


def test_the_rate_limit_refuses_with_a_clear_message(world, client, settings):
    settings.GONGKAI_APPLICATIONS_PER_HOUR = 2
    with at("2024-09-20"):
        for _ in range(2):
            assert client.post(reverse("apply:form"), form_data(world)).status_code == 302
        response = client.post(reverse("apply:form"), form_data(world))
    assert response.status_code == 429
    assert "一小时内提交的申请过多" in response.content.decode()
    assert Application.objects.count() == 2


def test_tracking_needs_the_code_and_the_phone_or_id_last_4(world, client):
    app = submit(world, "2024-09-20")
    url = reverse("apply:track")
    bad = client.post(url, {"code": app.tracking_code, "secret": "13900000000"})
    assert bad.status_code == 404
    assert "不匹配" in bad.content.decode()
    ok = client.post(url, {"code": app.tracking_code, "secret": "7777"})
    assert ok.status_code == 200
    html = ok.content.decode()
    assert "2024年10月23日" in html  # dates as GB/T 9704 writes them, no leading zeros
    assert "已收到（待登记）" in html
    ok2 = client.post(url, {"code": app.tracking_code.lower(), "secret": PERSON["phone"]})
    assert ok2.status_code == 200


def test_the_tracking_page_shows_each_step_and_letter(world, client):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "request_correction", "2024-09-23", what="请写明文号")
    html = client.post(
        reverse("apply:track"), {"code": app.tracking_code, "secret": "7777"}
    ).content.decode()
    assert "待申请人补正" in html
    assert "补正告知书" in html
    assert "2024年9月23日" in html


def test_the_clerk_acts_on_the_case_page_and_sees_how_the_deadline_was_computed(world, client):
    app = submit(world, "2024-09-20")
    client.force_login(world.clerk)
    page = client.get(reverse("applications:case", args=[app.tracking_code])).content.decode()
    assert "期限如何计算" in page
    assert "国庆节" in page
    assert PERSON["id_number"] in page  # handling staff see the applicant
    assert "登记受理" in page
    with at("2024-09-23"):
        r = client.post(
            reverse("applications:act", args=[app.tracking_code, "register"]),
            {"version": app.version},
        )
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == "registered"


def test_a_stale_form_gets_the_conflict_message_and_changes_nothing(world, client):
    app = submit(world, "2024-09-20")
    stale = app.version
    act(world.clerk, app, "register", "2024-09-20")
    client.force_login(world.head)
    with at("2024-09-20"):
        r = client.post(
            reverse("applications:act", args=[app.tracking_code, "withdraw"]),
            {"version": stale},
            follow=True,
        )
    html = r.content.decode()
    assert "刚刚已由王经办" in html
    assert "请刷新页面" in html
    app.refresh_from_db()
    assert app.state == "registered"


def test_illegal_transition_over_http_is_refused_in_chinese(world, client):
    app = submit(world, "2024-09-20")
    client.force_login(world.clerk)
    with at("2024-09-20"):
        r = client.post(
            reverse("applications:act", args=[app.tracking_code, "send_reply"]),
            {"version": app.version},
            follow=True,
        )
    assert "不能执行“出具答复”" in r.content.decode()


def test_other_units_and_anonymous_cannot_see_the_case(world, client):
    app = submit(world, "2024-09-20")
    url = reverse("applications:case", args=[app.tracking_code])
    assert client.get(url).status_code == 302
    client.force_login(world.other_clerk)
    assert client.get(url).status_code == 404
    client.force_login(world.supervisor)
    page = client.get(url).content.decode()
    assert PERSON["id_number"] in page  # supervisors of the unit see it


def test_an_action_on_another_units_case_is_not_found_like_its_page(world, client):
    """Not a redirect to the case page: this user cannot see it (404), and the reason would
    be lost there; nor a different answer from the page's, which would confirm the case."""
    app = submit(world, "2024-09-20")
    code = app.tracking_code
    client.force_login(world.other_clerk)
    for url, data in (
        (reverse("applications:act", args=[code, "send_reply"]), {"version": app.version}),
        (reverse("applications:relief", args=[code]), {}),
        (reverse("applications:file-add", args=[code]), {}),
        (reverse("applications:case-convert", args=[code]), {"decision": "convert"}),
    ):
        got = client.post(url, data)
        assert got.status_code == 404, url
        assert "不在您可查看的范围内" in got.content.decode(), url  # the site's own 404 page
    app.refresh_from_db()
    assert app.events.count() == 1  # received, nothing more


def test_lists_mask_the_applicant_and_exports_are_audited(world, client):
    submit(world, "2024-09-20")
    client.force_login(world.clerk)
    html = client.get(reverse("applications:list")).content.decode()
    assert "欧****" in html
    assert PERSON["name"] not in html
    assert client.get(reverse("applications:export-csv")).status_code == 403
    client.force_login(world.head)
    csv_body = client.get(reverse("applications:export-csv")).content.decode("utf-8-sig")
    assert "申请编号" in csv_body
    assert "自然人" in csv_body
    assert PERSON["name"] not in csv_body
    xlsx = client.get(reverse("applications:export-xlsx"))
    assert xlsx.content[:2] == b"PK"
    exports = AuditEvent.objects.filter(action="application.export")
    assert exports.count() == 2
    assert exports.first().actor == world.head


def test_paper_registration_page_applies_art31_and_flags_late_entry(world, client):
    client.force_login(world.clerk)
    with at("2024-10-08"):
        r = client.post(
            reverse("applications:register"),
            {
                **form_data(world),
                "channel": "registered_mail",
                "submitted": "2024-09-24",
                "signed": "2024-09-27",
            },
            follow=True,
        )
    assert "录入时间超过收到申请后 2 个工作日" in r.content.decode()
    app = Application.objects.get()
    assert app.received_on.isoformat() == "2024-09-27"
    assert app.late_entry
    with at("2024-10-08"):
        r = client.post(
            reverse("applications:register"),
            {**form_data(world), "channel": "fax", "submitted": "2024-10-08"},
        )
    assert "与申请人确认日期" in r.content.decode()


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams too) inflated."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def _replied(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    act(world.head, app, "extend", "2024-10-21", days=10, reason="需调取档案")
    act(
        world.clerk,
        app,
        "draft_reply",
        "2024-10-22",
        outcome="partial",
        reply_text="现将项目资金使用情况表提供给您。",
        withheld="承包商员工身份证号|涉及个人隐私，第三方不同意公开（条例第十五条）",
        convert_suggested="1",
    )
    act(world.reviewer, app, "approve_reply", "2024-10-22")
    return act(world.clerk, app, "send_reply", "2024-10-23")


def test_letters_download_as_docx_and_pdf_with_the_right_dates_and_font(world, client):
    from docx import Document

    from gongkai.org.services import unit_update

    unit_update(
        actor=world.admin,
        unit=world.office,
        values={"reconsideration_body": "测试区人民政府", "court": "测试区人民法院"},
        version=world.office.version,
    )
    app = _replied(world)
    client.force_login(world.clerk)
    events = {e.letter: e.seq for e in app.events.exclude(letter="")}
    assert set(events) == {"extension", "reply"}
    ext = client.get(
        reverse("applications:letter", args=[app.tracking_code, events["extension"], "docx"])
    )
    assert ext.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(ext.content)).paragraphs)
    assert "延长10个工作日" in text
    assert "2024年11月6日" in text
    assert "第三十三条" in text
    reply = client.get(
        reverse("applications:letter", args=[app.tracking_code, events["reply"], "docx"])
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(reply.content)).paragraphs)
    assert "承包商员工身份证号：涉及个人隐私" in text  # Art. 37: what was withheld and why
    assert "测试区人民政府申请行政复议" in text
    assert "测试区人民法院" in text
    assert "2024年10月23日" in text
    pdf = client.get(
        reverse("applications:letter", args=[app.tracking_code, events["reply"], "pdf"])
    )
    assert pdf.content.startswith(b"%PDF")
    # The PDF says what the .docx says: the dates and the relief notice.
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    pdf_text = re.sub(r"\s+", "", pdf_text)
    assert "2024年10月23日" in pdf_text
    assert "测试区人民政府申请行政复议" in pdf_text
    assert "测试区人民法院" in pdf_text
    ext_pdf = client.get(
        reverse("applications:letter", args=[app.tracking_code, events["extension"], "pdf"])
    )
    ext_text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(ext_pdf.content)).pages)
    )
    assert "2024年11月6日" in ext_text
    assert "延长10个工作日" in ext_text
    # The CJK font is embedded (a subset, tagged XXXXXX+, with its /FontFile stream).
    objects = _pdf_objects(pdf.content)
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+Noto-Serif-CJK-SC", objects)
    assert b"/FontFile" in objects
    client.force_login(world.other_clerk)
    assert (
        client.get(
            reverse("applications:letter", args=[app.tracking_code, events["reply"], "pdf"])
        ).status_code
        == 404
    )


def test_convert_queue_and_decision(world, client):
    app = _replied(world)
    client.force_login(world.clerk)
    html = client.get(reverse("applications:convert")).content.decode()
    assert app.tracking_code in html
    client.post(
        reverse("applications:case-convert", args=[app.tracking_code]), {"decision": "publish"}
    )
    app.refresh_from_db()
    assert app.convert_decided == "publish"
    from gongkai.documents.models import Document

    draft = Document.objects.get(pk=app.events.get(kind="convert").data["document_id"])
    assert draft.state == "draft"
    assert app.tracking_code in draft.source
    assert app.tracking_code not in client.get(reverse("applications:convert")).content.decode()


def test_relief_records_reconsideration_outcomes(world, client):
    app = _replied(world)
    client.force_login(world.clerk)
    client.post(
        reverse("applications:relief", args=[app.tracking_code]),
        {
            "kind": "reconsideration",
            "filed_on": "2024-11-01",
            "outcome": "pending",
            "body": "测试区人民政府",
        },
    )
    assert app.relief_cases.get().outcome == "pending"


def test_dashboard_and_todo(world, client):
    submit(world, "2024-09-20")
    client.force_login(world.clerk)
    assert "本年新收申请" in client.get(reverse("applications:dashboard")).content.decode()
    home = client.get(reverse("workbench:home")).content.decode()
    assert "待登记" in home


def test_letter_templates_are_editable_by_the_admin_and_audited(world, client):
    app = _replied(world)
    reply_seq = app.events.get(letter="reply").seq
    client.force_login(world.clerk)
    assert client.get(reverse("applications:letter-templates")).status_code == 403
    client.force_login(world.admin)
    page = client.get(reverse("applications:letter-templates")).content.decode()
    assert "$relief" in page
    bad = client.post(
        reverse("applications:letter-templates"),
        {"kind": "reply", "body": "$nosuch 与 $ 号"},
        follow=True,
    ).content.decode()
    assert "未知的变量：$nosuch" in bad or "无法识别的“$”" in bad
    body = "$applicant_name：\n\n特别说明：本答复由测试模板生成（$tracking_code）。\n\n$withheld_section\n\n$relief"
    client.post(reverse("applications:letter-templates"), {"kind": "reply", "body": body})
    from docx import Document

    client.force_login(world.clerk)
    got = client.get(reverse("applications:letter", args=[app.tracking_code, reply_seq, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(got.content)).paragraphs)
    assert f"特别说明：本答复由测试模板生成（{app.tracking_code}）" in text
    assert "承包商员工身份证号" in text
    assert AuditEvent.objects.filter(action="letter_template.save", object_id="reply").exists()
    client.force_login(world.admin)
    client.post(
        reverse("applications:letter-templates"), {"kind": "reply", "reset": "1", "version": 1}
    )
    client.force_login(world.clerk)
    got = client.get(reverse("applications:letter", args=[app.tracking_code, reply_seq, "docx"]))
    assert "特别说明" not in "\n".join(p.text for p in Document(io.BytesIO(got.content)).paragraphs)


def test_every_letter_kind_renders_in_both_formats(world, client):
    from docx import Document

    from gongkai.applications.letters import letter_for_event, render_docx, render_pdf

    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(
        world.clerk,
        app,
        "request_correction",
        "2024-09-23",
        what="请写明合同编号",
        until="2024-10-15",
    )
    act(world.clerk, app, "receive_correction", "2024-09-24")
    act(
        world.clerk,
        app,
        "start_consultation",
        "2024-09-25",
        party="third_party",
        party_name="某建设公司",
        question="是否同意公开合同金额",
    )
    act(world.clerk, app, "end_consultation", "2024-09-27", opinion="同意")
    apps = [submit(world, "2024-09-20") for _ in range(10)]
    act(world.clerk, apps[-1], "register", "2024-09-20")
    act(world.clerk, apps[-1], "assign", "2024-09-20")
    act(world.clerk, apps[-1], "fee_notice", "2024-09-23", method="per_piece")
    expected = {
        "correction": ["请写明合同编号", "2024年10月15日", "第三十条"],
        "consultation": ["某建设公司", "是否同意公开合同金额", "第三十二条"],
        "fee": ["100元", "按件计收", "109号"],
    }
    for case in (app, apps[-1]):
        for event in case.events.exclude(letter=""):
            letter = letter_for_event(case, event)
            text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(letter))).paragraphs)
            for needle in expected[event.letter]:
                assert needle in text, (event.letter, needle)
            assert "$" not in text
            assert render_pdf(letter).startswith(b"%PDF")


def test_the_case_page_offers_exactly_the_actions_the_table_allows_at_each_step(world, client):
    from gongkai.applications.machine import actions_from
    from gongkai.applications.services import may_act

    app = submit(world, "2024-09-20")
    steps = [
        (world.clerk, "register", {}),
        (world.clerk, "assign", {}),
        (world.clerk, "draft_reply", {"outcome": "disclosed", "reply_text": "见附件"}),
        (world.reviewer, "approve_reply", {}),
        (world.clerk, "send_reply", {}),
        (world.clerk, "deliver", {"way": "collect"}),
        (world.clerk, "archive", {}),
    ]
    for user, action, payload in [*steps, (None, None, None)]:
        app.refresh_from_db()
        for viewer in (world.clerk, world.head, world.supervisor):
            client.force_login(viewer)
            html = client.get(
                reverse("applications:case", args=[app.tracking_code])
            ).content.decode()
            for t in actions_from(app.state):
                shown = f'/act/{t.action}/"' in html
                assert shown == may_act(viewer, t.perm, app), (app.state, viewer, t.action)
        if action:
            act(user, app, action, "2024-10-08", **payload)
    assert app.state == "closed"


def test_list_pages_do_not_query_per_case(world, client, django_assert_max_num_queries):
    client.force_login(world.clerk)
    submit(world, "2024-09-20")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("applications:list"))
        client.get("/api/applications")
    for _ in range(8):
        submit(world, "2024-09-20")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("applications:list")).status_code == 200
        assert len(client.get("/api/applications").json()) == 9


def test_the_registered_tick_job_runs_with_gongkai_tick(world):
    from gongkai.core.jobs import run_tick

    submit(world, "2024-09-20")
    run = run_tick()
    assert run.ok
    assert "reminders_sent" in run.results["applications"]


def test_two_admins_editing_a_letter_template_the_second_gets_a_conflict_and_nothing_is_lost(
    world, client
):
    from django.test import Client

    url = reverse("applications:letter-templates")

    def read(c: Client) -> dict[str, object]:
        row = next(r for r in c.get(url).context["rows"] if r["kind"] == "reply")
        return {"kind": "reply", "body": row["body"], "version": row["version"]}

    client.force_login(world.admin)
    other = Client()
    other.force_login(world.admin)
    first, second = read(client), read(other)
    assert first["version"] == second["version"] == 0  # the default text, never edited
    first["body"] = "$applicant_name：\n\n第一位管理员的模板。\n\n$relief"
    assert client.post(url, first).status_code == 302
    second["body"] = "$applicant_name：\n\n第二位管理员的模板。\n\n$relief"
    response = other.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人修改" in html
    assert "刷新页面查看最新内容后再修改" in html
    assert "第二位管理员的模板。" in html  # the second editor's text is still in the form
    from gongkai.applications.letters import default_template, template_text

    assert "第一位管理员的模板。" in template_text("reply")  # the first edit survives
    events = AuditEvent.objects.filter(object_type="letter_template", object_id="reply")
    assert [e.action for e in events] == ["letter_template.save"]
    assert "第一位管理员的模板。" in events[0].after["body"]
    # Restoring the default from a stale page is refused the same way.
    stale_reset = other.post(url, {"kind": "reply", "reset": "1", "version": 0})
    assert "已被他人修改" in stale_reset.content.decode()
    assert "第一位管理员的模板。" in template_text("reply")
    fresh = read(other)
    assert fresh["version"] == 1
    fresh["body"] = second["body"]
    assert other.post(url, fresh).status_code == 302
    assert "第二位管理员的模板。" in template_text("reply")
    # A page read before someone restored the default and someone else saved a new text is
    # still stale: versions only grow, so a reset and a new save never bring an old one back.
    stale = read(client)
    assert stale["version"] == 2
    reset = read(other)
    assert other.post(url, {**reset, "reset": "1"}).status_code == 302
    assert template_text("reply") == default_template("reply")
    again = read(other)
    assert again["version"] == 3
    assert other.post(url, {**again, "body": "$relief"}).status_code == 302
    stale["body"] = "$applicant_name：\n\n旧页面上的修改。\n\n$relief"
    assert "已被他人修改" in client.post(url, stale).content.decode()
    assert template_text("reply") == "$relief"


def test_two_staff_deciding_the_same_conversion_the_second_is_refused_and_nothing_is_lost(
    world, client
):
    from django.test import Client

    from gongkai.documents.models import Document

    app = _replied(world)
    url = reverse("applications:case-convert", args=[app.tracking_code])
    client.force_login(world.clerk)
    other = Client()
    other.force_login(world.reviewer)
    assert app.tracking_code in client.get(reverse("applications:convert")).content.decode()
    assert app.tracking_code in other.get(reverse("applications:convert")).content.decode()
    drafts_before = Document.objects.count()
    client.post(url, {"decision": "publish"})
    response = other.post(url, {"decision": "not_needed", "note": "已公开过"}, follow=True)
    html = response.content.decode()
    assert "已由他人作出处理" in html
    assert "刷新页面查看最新内容后再修改" in html
    assert "您的选择：不需要转为主动公开；备注：已公开过" in html
    app.refresh_from_db()
    assert app.convert_decided == "publish"  # the first decision stands
    assert Document.objects.count() == drafts_before + 1  # one draft, not two
    events = AuditEvent.objects.filter(action="application.convert", object_id=app.tracking_code)
    assert [e.after["decision"] for e in events] == ["publish"]
    assert app.events.filter(kind="convert").count() == 1


def test_a_letter_is_served_only_as_docx_or_pdf(world, client):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    app = act(world.clerk, app, "request_correction", "2024-09-23", what="请写明所需信息的年份")
    seq = app.events.get(letter="correction").seq
    client.force_login(world.clerk)
    for fmt in ("docx", "pdf"):
        got = client.get(reverse("applications:letter", args=[app.tracking_code, seq, fmt]))
        assert got.status_code == 200
        assert got["Content-Disposition"].endswith(f'.{fmt}"')
    for fmt in ("exe", "html", "doc"):  # was: the .docx bytes under whatever name was asked
        url = reverse("applications:letter", args=[app.tracking_code, seq, fmt])
        assert client.get(url).status_code == 404, fmt


def test_a_stale_action_keeps_what_was_typed_on_the_page(world, client):
    """Two clerks draft the reply at once: the second is refused and sees the current case with
    the reply text they typed, so nothing is lost."""
    from django.test import Client

    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    app.refresh_from_db()
    read = app.version
    url = reverse("applications:act", args=[app.tracking_code, "draft_reply"])
    client.force_login(world.clerk)
    other = Client()
    other.force_login(world.reviewer)
    with at("2024-09-25"):
        first = client.post(
            url, {"version": read, "outcome": "disclosed", "reply_text": "第一位的答复正文。"}
        )
        assert first.status_code == 302
        second = other.post(
            url,
            {"version": read, "outcome": "disclosed", "reply_text": "第二位写了很长的答复正文。"},
        )
    assert second.status_code == 200
    html = second.content.decode()
    assert "刚刚已由王经办" in html
    assert "第二位写了很长的答复正文。" in html  # what was typed is on the page
    assert '<dt>答复类型</dt><dd class="pre-wrap">予以公开</dd>' in html
    app.refresh_from_db()
    assert app.reply_text == "第一位的答复正文。"
    drafts = AuditEvent.objects.filter(action="application.draft_reply")
    assert [e.actor for e in drafts] == [world.clerk]


def test_rejected_forms_do_not_use_up_the_hourly_limit(world, client, settings):
    """A citizen correcting mistakes is not locked out by them: only applications stored
    count against GONGKAI_APPLICATIONS_PER_HOUR."""
    settings.GONGKAI_APPLICATIONS_PER_HOUR = 2
    with at("2024-09-20"):
        for _ in range(5):
            assert client.post(reverse("apply:form"), form_data(world, name="")).status_code == 400
        assert client.post(reverse("apply:form"), form_data(world)).status_code == 302
    assert Application.objects.count() == 1


def test_attempts_are_limited_too_and_what_was_typed_is_kept(world, client, settings):
    from gongkai.applications.public_views import ATTEMPTS_PER_SUBMISSION

    settings.GONGKAI_APPLICATIONS_PER_HOUR = 1
    with at("2024-09-20"):
        for _ in range(ATTEMPTS_PER_SUBMISSION):
            assert client.post(reverse("apply:form"), form_data(world, name="")).status_code == 400
        response = client.post(reverse("apply:form"), form_data(world, name="王小明"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "一小时内提交的申请过多" in html
    assert "提交未成功" not in html  # the limit, not the fields, is what stopped it
    assert 'value="王小明"' in html  # nothing typed is lost
    assert CASE["information"] in html
    assert Application.objects.count() == 0


def test_every_problem_of_a_form_is_reported_at_once_next_to_its_field(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(world, name="", phone="abc", id_type="id_card", id_number="123", postcode="12")
    data["identity_proof"] = SimpleUploadedFile("a.exe", b"MZ\x90\x00")
    response = client.post(reverse("apply:form"), data)
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "请填写姓名或单位名称",
        "联系电话格式不对",
        "居民身份证号码应为 18 位",
        "邮政编码应为 6 位数字",
        "请上传身份证件或营业执照的 PDF、JPG 或 PNG 文件",
        "所选的文件未能保留",
    ):
        assert message in html, message
    assert "提交未成功，请修改以下 5 处问题" in html
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("身份证.pdf", b"%PDF-1.4\n1 0 obj broken", "无法读取，PDF 文件可能已损坏"),
        ("营业执照.docx", b"PK\x03\x04", "请上传身份证件或营业执照的 PDF、JPG 或 PNG 文件"),
    ],
)
def test_an_identity_proof_is_refused_in_plain_chinese(world, client, name, body, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {**form_data(world), "identity_proof": SimpleUploadedFile(name, body)}
    response = client.post(reverse("apply:form"), data)
    assert response.status_code == 400
    html = response.content.decode()
    text = " ".join(
        re.findall(r'<span class="error" id="id_identity_proof_error">(.*?)</span>', html)
    )
    assert message in text
    # no words of the PDF library's own (English) messages, only the file's name and types
    assert set(re.findall(r"[A-Za-z]{3,}", text)) <= {"PDF", "JPG", "PNG", "pdf", "docx"}, text
    assert Application.objects.count() == 0
