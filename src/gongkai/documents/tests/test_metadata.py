"""Statutory metadata (reference §1): 索引号, 发文字号, 主题分类, Art. 20 items, validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.errors import ValidationFailed
from gongkai.documents import services
from gongkai.documents.models import Topic
from gongkai.documents.numbers import format_index_number, normalise_doc_number, validate_doc_number
from gongkai.documents.vocab import ART20_ITEMS, DEFAULT_TOPICS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("国办发〔2017〕47号", "国办发〔2017〕47号"),
        ("国办发[2017]47号", "国办发〔2017〕47号"),
        ("国办发［2017］47号", "国办发〔2017〕47号"),
        ("国办发(2017)47号", "国办发〔2017〕47号"),
        ("国办发（2017）47号", "国办发〔2017〕47号"),
        ("国办发【2017】47号", "国办发〔2017〕47号"),
        ("国办发 [ 2017 ] 47", "国办发〔2017〕47号"),
        ("国办发〔２０１７〕４７号", "国办发〔2017〕47号"),
        ("国务院令第395号", "国务院令第395号"),
        ("", ""),
    ],
)
def test_document_numbers_are_normalised_to_hexagonal_brackets(raw, expected):
    assert validate_doc_number(raw) == expected


@pytest.mark.parametrize("raw", ["国办发2017年47号", "〔2017〕47号", "国办发〔17〕47号", "abc def"])
def test_malformed_document_numbers_are_refused_with_the_expected_form(raw):
    with pytest.raises(ValidationFailed) as exc:
        validate_doc_number(raw)
    assert "〔年份〕" in exc.value.message


@given(
    agency=st.sampled_from(["国办发", "测政办发", "沪府规", "京政发"]),
    year=st.integers(1990, 2099),
    seq=st.integers(1, 9999),
    brackets=st.sampled_from(["[]", "［］", "()", "（）", "【】", "〔〕"]),
)
def test_any_bracket_style_gives_the_same_normalised_number(agency, year, seq, brackets):
    raw = f"{agency}{brackets[0]}{year}{brackets[1]}{seq}号"
    assert normalise_doc_number(raw) == f"{agency}〔{year}〕{seq}号"
    assert validate_doc_number(raw) == f"{agency}〔{year}〕{seq}号"


def test_index_number_pattern_is_configurable(settings):
    assert format_index_number(unit_code="000014349", year=2017, seq=110) == "000014349/2017-00110"
    settings.GONGKAI_INDEX_NUMBER_PATTERN = "{unit_code}-{year}-{seq:06d}"
    assert format_index_number(unit_code="11370812004339255B", year=2020, seq=22849) == (
        "11370812004339255B-2020-022849"
    )


def test_art_20_has_fifteen_items_in_order():
    assert [n for n, _, _ in ART20_ITEMS] == list(range(1, 16))
    assert ART20_ITEMS[0][2] == "行政法规、规章和规范性文件"
    assert ART20_ITEMS[14][1] == "（十五）"


@pytest.mark.django_db
def test_the_default_taxonomy_is_shipped_as_a_two_level_tree():
    tops = Topic.objects.filter(parent__isnull=True)
    assert tops.count() == len(DEFAULT_TOPICS)
    t = Topic.objects.get(code="0101")
    assert t.path == "综合政务\\政务公开"
    assert not Topic.objects.filter(parent__parent__isnull=False).exists()


@pytest.mark.django_db
def test_a_draft_keeps_full_metadata_with_joint_issuers_and_tags(world, make_doc):
    doc = make_doc(
        doc_number="测政办发[2026]1号",
        issuers="测试区人民政府办公室、测试区民政局",
        tags=["营商环境", "政府信息公开制度"],
        is_normative=True,
        effective_on="2026-04-01",
        expires_on="2031-03-31",
        scope="定点定向",
        scope_target="全区养老机构",
    )
    assert doc.doc_number == "测政办发〔2026〕1号"
    assert [i.name for i in doc.issuers.all()] == ["测试区人民政府办公室", "测试区民政局"]
    assert sorted(t.name for t in doc.policy_tags.all()) == ["政府信息公开制度", "营商环境"]
    assert doc.validity == "有效"
    assert doc.topic.path == "综合政务\\政务公开"
    assert doc.index_number == ""  # assigned on publication
    assert doc.keyword_list() == ["政务公开", "通知"]


@pytest.mark.django_db
def test_bad_metadata_is_refused_listing_every_problem(world):
    with pytest.raises(ValidationFailed) as exc:
        services.document_create(
            actor=world.clerk,
            unit=world.office,
            values={
                "title": "",
                "written_on": "2026-13-01",
                "topic": "9999",
                "art20_item": 16,
                "scope": "定点定向",
                "doc_kind": "小说",
            },
        )
    text = exc.value.message
    for words in ("标题", "成文日期", "主题分类", "第二十条", "定向公开对象", "公文种类"):
        assert words in text


@pytest.mark.django_db
def test_body_is_sanitised(world, make_doc):
    doc = make_doc(
        body='<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x">链</a>'
    )
    assert "<script" not in doc.body
    assert "onclick" not in doc.body
    assert "javascript" not in doc.body
    assert "正文" in doc.body


@pytest.mark.django_db
def test_a_clerk_cannot_draft_for_another_unit(world):
    from gongkai.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        services.document_create(actor=world.other_clerk, unit=world.office, values={"title": "x"})
