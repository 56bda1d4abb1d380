"""The public form's agency search (unitmatch): what a citizen types matches an agency by a
word of its name, never by characters that happen to occur inside a longer word."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.applications.forms import PublicApplicationForm
from gongkai.applications.unitmatch import match_rank, match_units, unit_keys, word_starts

# (name, short name) as a district lists them
DISTRICT = [
    ("示范市人民政府", "市政府"),
    ("示范市示范区人民政府", "区政府"),
    ("示范区人民政府办公室", "区府办"),
    ("示范区发展和改革委员会", "区发改委"),
    ("示范区教育考试院", "区考试院"),
    ("示范区教育局", "区教育局"),
    ("示范区民政局", "区民政局"),
    ("示范区规划和自然资源局", "区规划资源局"),
    ("示范区住房和城乡建设管理委员会", "区住建委"),
    ("示范区人民政府东湖街道办事处", "东湖街道"),
    ("示范区人民政府西岭街道办事处", "西岭街道"),
]


def found(query: str, units=DISTRICT) -> list[str]:
    return [n for n, _ in match_units(query, units, [unit_keys(n, s) for n, s in units])]


def test_min_zheng_finds_the_civil_affairs_bureau_and_no_peoples_government():
    assert found("民政") == ["示范区民政局"]
    assert found("民政局") == ["示范区民政局"]
    assert found("区民政") == ["示范区民政局"]
    # without a 民政局, 民政 finds nothing: 人民政府 does not contain the word 民政
    assert found("民政", [u for u in DISTRICT if "民政局" not in u[0]]) == []
    for inside in ("民政府", "政府办", "府东湖", "政局"):
        assert found(inside) == [], inside
    assert found("民") == ["示范区民政局"]  # the start of a word, not the 民 of 人民政府


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("教育", ["示范区教育局", "示范区教育考试院"]),  # the exact field first, then a prefix
        ("考试", ["示范区教育考试院"]),
        ("自然资源", ["示范区规划和自然资源局"]),  # a word after 和
        ("规划", ["示范区规划和自然资源局"]),
        ("城乡建设", ["示范区住房和城乡建设管理委员会"]),
        ("住建", ["示范区住房和城乡建设管理委员会"]),  # its short name, after 区
        ("发改委", ["示范区发展和改革委员会"]),
        ("东湖", ["示范区人民政府东湖街道办事处"]),
        ("东湖街道", ["示范区人民政府东湖街道办事处"]),
        ("办公室", ["示范区人民政府办公室"]),
        ("示范区民政局", ["示范区民政局"]),
        ("ＳＨＩ", []),  # full width and case are normalised; no pinyin
    ],
)
def test_a_query_matches_words_of_the_name_best_first(query, expected):
    assert found(query) == expected


def test_ranks_exact_before_a_name_prefix_before_a_word_prefix():
    keys = unit_keys("示范区民政局", "区民政局")
    assert match_rank("民政", keys) == 0  # the name without its kind (局)
    assert match_rank("示范区民", keys) == 1  # the start of the full name
    assert match_rank("民", keys) == 2  # the start of a word
    assert match_rank("政局", keys) is None
    assert match_rank("  ", keys) is None
    # the government of the district comes before its departments for 政府 and 区政府
    assert found("政府")[:2] == ["示范市人民政府", "示范市示范区人民政府"]
    assert found("区政府") == ["示范市示范区人民政府"]


def test_word_starts_read_a_boundary_word_as_a_whole():
    assert word_starts("示范区发展和改革委员会") == ["发展和改革委员会", "改革委员会"]
    assert word_starts("示范区人民政府东湖街道办事处") == [
        "人民政府东湖街道办事处",
        "东湖街道办事处",
    ]


def test_the_form_writes_each_agencys_keys_for_the_script(world, client):
    html = client.get(reverse("apply:form")).content.decode()
    m = re.search(rf'<option value="{world.civil.code}" lang="zh-CN" data-keys="([^"]+)">', html)
    assert m is not None
    keys = {k.split(":", 1)[1]: int(k.split(":", 1)[0]) for k in m.group(1).split("|")}
    assert keys == unit_keys(world.civil.name, world.civil.short_name)
    assert keys["民政"] == 2
    form = PublicApplicationForm(units=[world.civil])
    assert "data-keys" in str(form["unit"])
