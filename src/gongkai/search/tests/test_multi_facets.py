"""Multi-valued facets (index.MULTI_FACETS): a record carries several values of ``tag`` (a
policy's tags), each counted and each a filter, in the main segment, in the delta and in a
snapshot file."""

from __future__ import annotations

from gongkai.search.engine import SearchIndex
from gongkai.search.index import Record, Segment


def _rec(rid: str, body: str, tags: list[str] | None = None, **meta: str) -> Record:
    m: dict[str, object] = dict(meta)
    if tags is not None:
        m["tag"] = tags
    return Record(rid, f"关于{body}的通知", f"/d/{rid}", body, None, rid, m)


RECORDS = [
    _rec("a", "小微企业创业补贴", ["企业", "小型", "微型", "资金补贴"], organ="区人社局"),
    _rec("b", "制造业企业技术改造补贴", ["企业", "中型", "资金补贴"], organ="区经委"),
    _rec("c", "高龄老人养老补贴", ["个人", "养老", "资金补贴"], organ="区民政局"),
    _rec("d", "补贴资金管理办法", None, organ="区财政局"),  # no tags at all
    _rec("e", "创业担保贷款贴息补贴", ["企业", "个人", "融资"], organ="区人社局"),
]


def test_each_value_of_a_record_is_counted_and_filters() -> None:
    index = SearchIndex.build(RECORDS)
    res = index.search("补贴", per_page=10)
    assert res.total == 5
    counts = dict(res.facets["tag"])
    assert counts == {
        "企业": 3,
        "小型": 1,
        "微型": 1,
        "资金补贴": 3,
        "中型": 1,
        "个人": 2,
        "养老": 1,
        "融资": 1,
    }
    # the most carried first; ties in the order the values were first indexed
    assert [v for v, _ in res.facets["tag"][:3]] == ["企业", "资金补贴", "个人"]

    firms = index.search("补贴", filters={"tag": "企业"})
    assert sorted(h.id for h in firms.hits) == ["a", "b", "e"]
    assert dict(firms.facets["tag"])["企业"] == 3
    # with another facet: both must hold
    both = index.search("补贴", filters={"tag": "企业", "organ": "区人社局"})
    assert sorted(h.id for h in both.hits) == ["a", "e"]
    # a value no record carries, and the empty value, filter out everything / nothing
    assert index.search("补贴", filters={"tag": "大型"}).total == 0
    assert index.search("补贴", filters={"tag": ""}).total == 5
    # ungrouped (the ranked articles) the same
    assert sorted(
        h.id for h in index.search("补贴", filters={"tag": "个人"}, group=False).hits
    ) == [
        "c",
        "e",
    ]


def test_the_delta_and_the_main_segment_count_together() -> None:
    index = SearchIndex.build(RECORDS)
    later = index.applied(
        upserts=[
            _rec("f", "个体工商户房租补贴", ["个人", "场地"]),
            # a record replaced in the delta: its old tags stop counting
            _rec("c", "高龄老人养老服务补贴", ["个人", "养老"]),
        ]
    )
    res = later.search("补贴")
    counts = dict(res.facets["tag"])
    assert counts["个人"] == 3  # c, e, f
    assert counts["资金补贴"] == 2  # a, b (c lost it)
    assert counts["场地"] == 1
    assert sorted(h.id for h in later.search("补贴", filters={"tag": "个人"}).hits) == [
        "c",
        "e",
        "f",
    ]


def test_a_snapshot_file_keeps_them(tmp_path) -> None:
    path = tmp_path / "seg.bin"
    Segment.build(RECORDS, path=path)
    index = SearchIndex(Segment.open(path))
    assert dict(index.search("补贴").facets["tag"])["企业"] == 3
    assert sorted(h.id for h in index.search("补贴", filters={"tag": "融资"}).hits) == ["e"]


def test_records_without_tags_give_no_tag_facet() -> None:
    index = SearchIndex.build([r for r in RECORDS if "tag" not in r.metadata])
    res = index.search("补贴")
    assert res.total == 1
    assert "tag" not in res.facets
    assert index.search("补贴", filters={"tag": "企业"}).total == 0
