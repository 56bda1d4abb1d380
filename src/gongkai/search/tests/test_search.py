"""Search through the services and selectors, on both deployments (embedded, server).

The PostgreSQL leg of the suite runs this module with DATABASE_URL set, so the server
deployment is exercised on PostgreSQL there and on SQLite here.
"""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest
from django.core.management import call_command

from gongkai.core.jobs import last_tick, run_tick
from gongkai.search.backend import EmbeddedBackend, ServerBackend, get_backend
from gongkai.search.models import SearchState
from gongkai.search.selectors import search_public
from gongkai.search.services import search_groups_apply, search_index_rebuild

from .conftest import LAWS_SAMPLE, doc

pytestmark = pytest.mark.django_db

HUJI = doc(
    "d1",
    "关于进一步推进户籍制度改革的实施意见",
    "全面放开建制镇和小城市落户限制，有合法稳定住所的人员，本人及其共同居住生活的配偶、"
    "未成年子女、父母等，可以在当地申请登记常住户口。户籍制度改革要统筹推进。",
    doc_number="沪府发〔2024〕3号",
    index_number="SH0001-2024-00003",
    doc_type="意见",
    organ="市政府",
    year="2024",
    date="2024-03-01",
)
DIBAO = doc(
    "d2",
    "关于调整本市城乡最低生活保障标准的通知",
    "自2024年4月1日起，本市城乡居民最低生活保障标准由每人每月1420元调整为每人每月1510元。",
    doc_number="沪民规〔2024〕5号",
    index_number="SH0002-2024-00005",
    doc_type="通知",
    organ="市民政局",
    year="2024",
    date="2024-03-20",
)
DIBAO_15 = doc(
    "d3",
    "关于做好低保对象临时救助工作的通知",
    "对低保对象遭遇突发性、紧迫性困难的，各区应当及时给予临时救助。",
    doc_number="沪民规〔2024〕15号",
    doc_type="通知",
    organ="市民政局",
    year="2023",
    date="2023-11-02",
)
ONE_NET = doc(
    "d4",
    "关于深化一网通办改革的工作方案",
    "依托一网通办平台，推进政务服务事项全程网办，落实双随机一公开监管。",
    doc_type="方案",
    organ="市政府办公厅",
    year="2023",
    date="2023-05-10",
)


def _load(memo, *records):
    for r in records:
        memo.put(r.group or r.id, [r])
    run_tick()


def test_a_two_character_word_is_found(memo):
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    res = search_public(query="户籍")
    assert [h.id for h in res.hits] == ["d1"]
    res = search_public(query="低保")
    assert res.hits[0].id == "d3"  # the literal word first


def test_synonyms_link_everyday_and_official_words(memo):
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    everyday = {h.id for h in search_public(query="低保").hits}
    assert "d2" in everyday  # says only 最低生活保障
    official = {h.id for h in search_public(query="最低生活保障").hits}
    assert "d3" in official  # says only 低保
    assert "d1" in {h.id for h in search_public(query="户口").hits}  # 户口 ↔ 户籍


def test_the_government_dictionary_keeps_terms_whole(memo):
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    res = search_public(query="一网通办")
    assert [h.id for h in res.hits] == ["d4"]
    assert "<mark>一网通办</mark>" in res.hits[0].snippet


def test_a_document_number_finds_exactly_that_document(memo):
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    res = search_public(query="沪民规〔2024〕5号")
    assert res.exact
    assert [h.id for h in res.hits] == ["d2"]  # not 〔2024〕15号
    # half-width brackets and spaces typed by a person match too
    assert [h.id for h in search_public(query=" 沪民规[2024]15号").hits] == ["d3"]
    assert [h.id for h in search_public(query="沪民规(2024)15号").hits] == ["d3"]
    assert [h.id for h in search_public(query="沪民规（2024）5号").hits] == ["d2"]
    assert [h.id for h in search_public(query="SH0001-2024-00003").hits] == ["d1"]


def test_snippets_highlight_the_matches_and_escape_html(memo):
    evil = doc("d9", "测试", "户籍<script>alert(1)</script>登记")
    _load(memo, evil)
    snippet = search_public(query="户籍").hits[0].snippet
    assert "<mark>户籍</mark>" in snippet
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet


def test_facets_filters_pagination_and_date_order(memo):
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    res = search_public(query="通知 低保 户籍 一网通办")
    assert dict(res.facets["organ"])["市民政局"] == 2
    assert dict(res.facets["doc_type"])["通知"] == 2
    only = search_public(query="低保", filters={"doc_type": "通知", "year": "2023"})
    assert [h.id for h in only.hits] == ["d3"]
    first = search_public(query="通知 低保 户籍 一网通办", per_page=2, page=1)
    second = search_public(query="通知 低保 户籍 一网通办", per_page=2, page=2)
    assert first.total == second.total == 4
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    by_date = search_public(query="通知 低保 户籍 一网通办", sort="date", per_page=4)
    assert [h.id for h in by_date.hits] == ["d2", "d1", "d3", "d4"]


def test_an_empty_result_suggests_a_correction(memo):
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    res = search_public(query="户藉")  # 藉 for 籍: a typo people make
    assert res.total == 0
    assert res.suggestion == "户籍"
    assert search_public(query="户籍").suggestion is None


def test_a_withdrawn_document_disappears_within_one_tick(memo):
    _load(memo, HUJI, DIBAO)
    assert [h.id for h in search_public(query="户籍").hits] == ["d1"]
    memo.remove("d1")
    run_tick()
    tick = last_tick()
    assert tick is not None
    assert tick.results["search.sync"] == {"memo": {"upserted": 0, "removed": 1}}
    assert search_public(query="户籍").hits == []


def test_a_record_removed_from_the_source_disappears_after_a_rebuild(memo):
    _load(memo, HUJI, DIBAO)
    search_index_rebuild(actor=None)
    assert search_public(query="户籍").total == 1
    memo.remove("d1", notify=False)  # the source forgot to tell: rebuild re-reads everything
    search_index_rebuild(actor=None)
    assert search_public(query="户籍").total == 0
    assert search_public(query="最低生活保障").total == 1


def test_content_that_is_not_public_is_never_indexed(memo):
    secret = doc("d8", "内部工作安排", "户籍业务内部工作安排", public=False)
    _load(memo, secret, DIBAO)
    assert search_public(query="户籍").total == 0
    search_index_rebuild(actor=None)
    assert search_public(query="户籍").total == 0


def test_laws_are_indexed_by_article_with_an_anchor(deployment, laws_source):
    result = search_index_rebuild(actor=None, sources=[laws_source])
    assert result.records == 204
    res = search_public(query="个体工商户可以起字号吗")
    top = res.hits[0]
    assert top.title == "中华人民共和国民法典"
    assert top.article == "第五十四条"
    assert top.url.endswith("#" + quote("第五十四条"))
    assert "<mark>个体工商户</mark>" in top.snippet
    assert res.facets["validity"] == [("有效", res.total)]


def test_every_process_sees_a_change_made_by_another(deployment, laws_source, memo):
    search_index_rebuild(actor=None, sources=[laws_source])
    cls = ServerBackend if deployment == "server" else EmbeddedBackend
    web1, web2 = cls(), cls()
    assert web1.search("户口登记").total == web2.search("户口登记").total > 0
    search_groups_apply(source="memo", changes=[("d1", [HUJI])])
    assert "d1" in {h.id for h in web2.search("户籍制度改革").hits}
    search_groups_apply(source="memo", changes=[("d1", [])])
    assert "d1" not in {h.id for h in web1.search("户籍制度改革").hits}
    assert "d1" not in {h.id for h in web2.search("户籍制度改革").hits}


def test_the_command_rebuilds_and_prints_json(deployment):
    err, out = io.StringIO(), io.StringIO()
    call_command("search", "rebuild", "--laws", str(LAWS_SAMPLE), stdout=out, stderr=err)
    assert "204 条记录" in out.getvalue()
    out = io.StringIO()
    call_command("search", "最低生活保障", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["results"]
    first = data["results"][0]
    assert set(first) == {
        *("title", "url", "source", "article", "snippet", "score"),
        *("kind", "articles", "more"),  # one result per law: its articles inside (0008)
    }
    assert first["title"] == "社会救助暂行办法"
    assert first["article"].startswith("第")
    assert first["source"] == "laws"
    assert first["kind"] == "library"
    assert first["articles"][0]["article"] == first["article"]
    assert first["url"].startswith("/library/")
    assert len({r["title"] for r in data["results"]}) == len(data["results"])


def test_exact_lookup_follows_changes_made_after_the_snapshot(memo):
    _load(memo, HUJI, DIBAO)
    search_index_rebuild(actor=None)  # both now in the main segment
    revised = doc(
        "d2",
        "关于调整本市城乡最低生活保障标准的通知（修订）",
        DIBAO.body,
        doc_number="沪民规〔2024〕5号",
    )
    _load(memo, revised)
    res = search_public(query="沪民规〔2024〕5号")
    assert [h.title for h in res.hits] == [revised.title]
    memo.remove("d2")
    run_tick()
    assert search_public(query="沪民规〔2024〕5号").total == 0
    assert [h.id for h in search_public(query="沪府发〔2024〕3号").hits] == ["d1"]


def test_repeated_searches_are_served_from_the_cache_until_the_index_changes(memo):
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    first = search_public(query="低保")
    assert search_public(query="低保") is first  # the same page again: no second search
    assert search_public(query="低保", page=2) is not first  # another page is its own entry
    assert "d3" in {h.id for h in first.hits}
    memo.remove("d3")
    run_tick()
    after = search_public(query="低保")
    assert after is not first
    assert "d3" not in {h.id for h in after.hits}  # never a stale cached page


def test_a_change_builds_a_new_index_and_leaves_the_one_in_use_untouched(memo):
    """Copy-on-write: a search already running on the old index (another thread of the same
    worker) keeps one consistent state while a change is applied."""
    _load(memo, HUJI, DIBAO)
    search_index_rebuild(actor=None)
    assert search_public(query="户籍").total == 1
    in_use = get_backend().index
    memo.remove("d1")
    run_tick()
    assert search_public(query="户籍").total == 0
    assert get_backend().index is not in_use
    assert [h.id for h in in_use.search("户籍").hits] == ["d1"]  # the old one, unchanged


def test_a_snapshot_replaced_meanwhile_keeps_the_index_in_use(memo):
    """The state names a snapshot that a newer rebuild has already dropped (read between the
    two): the process keeps what it has instead of replaying every entry in a request."""
    _load(memo, HUJI, DIBAO)
    search_index_rebuild(actor=None)
    assert search_public(query="户籍").total == 1
    in_use = get_backend().index
    SearchState.objects.filter(pk=1).update(snapshot_name="dropped-meanwhile")
    assert search_public(query="户籍").total == 1
    assert get_backend().index is in_use


def test_the_tick_folds_a_grown_delta_into_a_new_snapshot(memo, monkeypatch):
    """Every process rebuilds its delta segment on each change: once the changes since the
    snapshot outgrow the threshold, the tick compacts them into a new snapshot."""
    from gongkai.audit.models import AuditEvent
    from gongkai.search import services

    monkeypatch.setattr(services, "COMPACT_MIN_RECORDS", 3)
    _load(memo, HUJI, DIBAO)  # 2 changed records: under the threshold
    state = SearchState.objects.get(pk=1)
    assert state.snapshot_seq == 0
    assert search_public(query="户籍").total == 1
    _load(memo, DIBAO_15, ONE_NET)  # 4 since the (empty) snapshot: compacted
    tick = last_tick()
    assert tick is not None
    assert tick.results["search.sync"]["compacted"]["records"] == 4
    state.refresh_from_db()
    assert state.snapshot_seq == state.seq
    assert AuditEvent.objects.filter(action="search.compact").count() == 1
    assert search_public(query="户籍").total == 1
    assert search_public(query="一网通办").total == 1
    assert len(get_backend().index.delta) == 0  # all in the snapshot now


@pytest.mark.parametrize("deployment", ["server"], indirect=True)
def test_a_large_snapshot_is_stored_in_parts_and_read_back_whole(memo, monkeypatch):
    """One PostgreSQL value cannot hold a large index (the laws corpus: 274 MB): the server
    deployment stores it in parts and every process joins them again."""
    from gongkai.search import backend as backend_mod
    from gongkai.search.models import SearchSnapshot

    monkeypatch.setattr(SearchSnapshot, "PART_BYTES", 4096)
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    search_index_rebuild(actor=None)
    name = SearchState.objects.get(pk=1).snapshot_name
    parts = list(SearchSnapshot.objects.filter(name=name).order_by("part"))
    assert len(parts) > 1
    assert [p.part for p in parts] == list(range(len(parts)))
    monkeypatch.setattr(backend_mod, "_backends", {})  # a fresh process
    assert [h.id for h in search_public(query="户籍").hits] == ["d1"]
    assert get_backend().snapshot_name == name
