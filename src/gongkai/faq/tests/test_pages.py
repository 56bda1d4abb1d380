"""Public pages (a policy's FAQ list, the knowledge base, the printable list and the XLSX export)
and the staff pages; the repealed-policy flag; the search source."""

from __future__ import annotations

import io

import openpyxl
import pytest

from gongkai.core.jobs import run_tick
from gongkai.documents import lifecycle
from gongkai.faq import search_source, services
from gongkai.faq.models import FaqEntry, FaqState
from gongkai.workbench.todo import todo_items


@pytest.fixture
def entries(faq, policy):
    return [
        faq(
            "最低生活保障的申请条件是什么？",
            "共同生活的家庭成员人均收入低于当地低保标准，且财产符合规定。",
            documents=[policy],
        ),
        faq("低保金什么时候发放？", "每月10日前发放到户。", documents=[policy]),
        faq("营业执照在哪里办？", "到区政务服务中心一楼窗口办理。", topic="营商环境"),
    ]


def test_a_policy_page_shows_its_faq_list(client, entries, policy):
    html = client.get(f"/xxgk/documents/{policy.pk}/").content.decode()
    assert "常见问题解答" in html
    assert "最低生活保障的申请条件是什么？" in html
    assert "低保金什么时候发放？" in html
    assert "营业执照在哪里办？" not in html  # cites no policy


def test_a_policy_without_entries_shows_no_faq_block(client, make_doc, publish):
    doc = make_doc(title="无常见问题的文件")
    publish(doc)
    assert "常见问题解答" not in client.get(f"/xxgk/documents/{doc.pk}/").content.decode()


def test_the_knowledge_base_by_topic(client, entries):
    html = client.get("/faq/").content.decode()
    assert "社会救助" in html
    assert "营商环境" in html
    assert "data-faq-suggest" in html
    assert "faq/suggest.js" in html
    only = client.get("/faq/", {"topic": "营商环境"}).content.decode()
    assert "营业执照在哪里办？" in only
    assert "低保金什么时候发放？" not in only
    page = client.get(f"/faq/{entries[0].pk}/").content.decode()
    assert "测试区城乡居民最低生活保障实施办法" in page


def test_unpublished_entries_are_not_public(world, client, entries):
    draft = services.faq_create(
        actor=world.clerk, unit=world.office, values={"question": "草稿问题", "answer": "草稿答复"}
    )
    assert client.get(f"/faq/{draft.pk}/").status_code == 404
    assert "草稿问题" not in client.get("/faq/").content.decode()
    assert "草稿问题" not in client.get("/faq/print/").content.decode()


def test_the_printable_list_and_the_xlsx_export_hold_the_current_list(client, entries):
    html = client.get("/faq/print/").content.decode()
    assert "共 3 条" in html
    assert "每月10日前发放到户。" in html
    r = client.get("/faq/export.xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(r.content))["常见问题"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "主题", "问题", "答复")
    assert {r[2] for r in rows[1:]} == {e.question for e in entries}
    cited = next(r for r in rows[1:] if r[2] == "低保金什么时候发放？")
    assert cited[4] == "《测试区城乡居民最低生活保障实施办法》"


def test_a_formula_typed_into_an_answer_is_not_a_formula_in_the_export(client, faq):
    faq("公式？", '=HYPERLINK("http://x")')
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/faq/export.xlsx").content))["常见问题"]
    assert ws["D2"].value.startswith("'=")


def test_entries_citing_a_repealed_policy_are_flagged_once_and_listed_in_the_to_do(
    world, entries, policy
):
    lifecycle.document_repeal(actor=world.reviewer, document=policy, note="已被新办法替代")
    run_tick()
    flagged = FaqEntry.objects.filter(needs_review=True)
    assert set(flagged) == {entries[0], entries[1]}
    assert "已废止" in flagged.first().review_reason
    items = [i for i in todo_items(world.clerk) if i.group == "常见问题"]
    assert [(i.label, i.count) for i in items] == [("所引政策已失效，待复核", 2)]
    assert run_tick().results["faq.cited_policy_check"] == {"flagged": 0}
    # an edit (the reply rechecked) clears the flag
    e = entries[0]
    e.refresh_from_db()
    services.faq_update(
        actor=world.reviewer,
        entry_id=e.pk,
        version=e.version,
        values={"question": e.question, "answer": "依新办法办理。"},
    )
    assert FaqEntry.objects.filter(needs_review=True).count() == 1


def test_the_search_source_hands_over_public_entries_and_their_changes(world, entries):
    records = list(search_source.all_records())
    assert {r.title for r in records} == {e.question for e in entries}
    assert records[0].metadata["content_type"] == "常见问题"
    assert list(search_source.changes()) == []
    services.faq_transition(
        actor=world.reviewer, entry_id=entries[2].pk, version=entries[2].version, to="retired"
    )
    assert list(search_source.changes()) == [(f"faq:{entries[2].pk}", [])]
    assert list(search_source.changes()) == []


def test_staff_create_edit_and_publish(world, login):
    client = login(world.clerk)
    r = client.post(
        "/staff/faq/new/",
        {
            "unit": world.office.pk,
            "question": "新问题",
            "answer": "电话13800138000",
            "topic": "其他",
        },
    )
    e = FaqEntry.objects.get(question="新问题")
    assert r.status_code == 302
    assert "13800138000" not in e.answer
    assert e.state == FaqState.DRAFT
    r = client.post(f"/staff/faq/{e.pk}/step/", {"to": "submitted", "version": e.version})
    e.refresh_from_db()
    assert e.state == FaqState.SUBMITTED
    stale = e.version
    client = login(world.reviewer)
    client.post(f"/staff/faq/{e.pk}/step/", {"to": "published", "version": e.version})
    e.refresh_from_db()
    assert e.state == FaqState.PUBLISHED
    r = client.post(f"/staff/faq/{e.pk}/", {"question": "改", "answer": "改", "version": stale})
    assert r.status_code == 409
    assert "已被他人修改" in r.content.decode()
    r = client.post("/staff/faq/new/", {"unit": world.office.pk, "question": "", "answer": ""})
    assert r.status_code == 400
    assert "请填写“问题”。" in r.content.decode()
    assert "新问题" in client.get("/staff/faq/").content.decode()


def test_staff_see_only_their_units_entries(world, login):
    e = services.faq_create(
        actor=world.other_clerk,
        unit=world.civil,
        values={"question": "民政局的问题", "answer": "答"},
    )
    client = login(world.clerk)
    assert "民政局的问题" not in client.get("/staff/faq/").content.decode()
    assert client.get(f"/staff/faq/{e.pk}/").status_code == 404


def test_a_supervisor_gets_no_faq_to_do_they_cannot_open(world, entries, policy):
    lifecycle.document_repeal(actor=world.reviewer, document=policy, note="已被新办法替代")
    run_tick()
    assert [i for i in todo_items(world.supervisor) if i.group == "常见问题"] == []
    assert [i.count for i in todo_items(world.head) if i.group == "常见问题"] == [2]


def test_the_knowledge_base_in_english(client, entries):
    client.post("/i18n/setlang/", {"language": "en", "next": "/faq/"})
    html = client.get("/faq/").content.decode()
    assert "Frequently asked questions (knowledge base)" in html
    assert "Printable version (for service counters)" in html
    assert 'lang="en"' in html
