"""Pinyin typed for characters gets the indexed Chinese words suggested (search/pinyin.py).

Through the public search (selectors.search_public, the /search/ page, the public API) on both
deployments, plus properties over the laws sample and pypinyin itself.
"""

from __future__ import annotations

import itertools
from functools import cache

import pytest
from django.test import Client
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin, pinyin

from gongkai.search import pinyin as py
from gongkai.search.engine import SearchIndex
from gongkai.search.laws import law_records
from gongkai.search.selectors import search_public

from .conftest import LAWS_SAMPLE, doc
from .test_search import DIBAO, DIBAO_15, HUJI, ONE_NET, _load

INFO = doc(
    "d5",
    "关于做好政府信息公开工作的通知",
    "各区应当依法做好政府信息公开工作，重庆、成都等地的经验可以借鉴；银行网点设置公示栏。",
)
NOTICE_1 = doc("d6", "关于拟任干部的公示", "现将拟任人选予以公示，公示期五个工作日。")
NOTICE_2 = doc("d7", "关于征收补偿方案的公示", "补偿方案在街道公示栏张贴公示。")
FORMULA = doc("d8", "补偿金额计算说明", "补偿金额按下列公式计算。")
ALL = (HUJI, DIBAO, DIBAO_15, ONE_NET, INFO, NOTICE_1, NOTICE_2, FORMULA)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(memo):
    _load(memo, *ALL)


def _suggestion(query: str) -> str | None:
    res = search_public(query=query)
    assert res.total == 0, f"{query!r} found records itself"
    return res.suggestion


EXPECTED = {
    "dibao": "低保",
    "di bao": "低保",
    "DiBao": "低保",
    "ＤＩＢＡＯ": "低保",  # full-width, capitals
    "huji": "户籍",
    "HU JI": "户籍",
    "zuidi shenghuo baozhang": "最低生活保障",
    "zuidishenghuobaozhang": "最低生活保障",
    "Zui Di Sheng Huo Bao Zhang": "最低生活保障",
    "yiwangtongban": "一网通办",
    "yi wang tong ban": "一网通办",
    "xinxi gongkai": "信息公开",
    "xinxigongkai": "信息公开",
    "低bao": "低保",
    "办理dibao": "办理低保",
}


def test_pinyin_gets_the_indexed_chinese_word_suggested(loaded):
    got = {q: _suggestion(q) for q in EXPECTED}
    assert got == EXPECTED


def test_the_suggestion_finds_the_records_the_pinyin_meant(loaded):
    suggestion = _suggestion("zuidi shenghuo baozhang")
    assert suggestion is not None
    assert {h.id for h in search_public(query=suggestion).hits} >= {"d2", "d3"}
    assert [h.id for h in search_public(query=_suggestion("huji") or "").hits] == ["d1"]


def test_latin_that_is_not_pinyin_is_never_turned_into_chinese(loaded):
    for query in ("ISO9001", "pdf", "abc", "PDF 文件", "xyz"):
        assert _suggestion(query) is None, query


def test_pinyin_of_a_word_that_is_not_indexed_makes_nothing_up(loaded):
    assert _suggestion("huoxingren") is None  # 火星人
    assert _suggestion("dianshiju") is None  # 电视剧
    # the part that is indexed is converted, the rest stays as typed
    assert _suggestion("dibao huoxingren") == "低保 huoxingren"


def test_homophones_prefer_the_word_in_more_records(loaded):
    assert _suggestion("gongshi") == "公示"  # three records, 公式 one


def test_heteronyms_read_as_in_the_phrase_and_in_other_readings(loaded):
    assert _suggestion("chongqing") == "重庆"  # 重 read chóng here, zhòng elsewhere
    assert _suggestion("yinhang") == "银行"  # 行 read háng
    assert _suggestion("zhongqing") == "重庆"  # the other reading of 重 is accepted too


def test_typo_suggestions_still_work_beside_pinyin(loaded):
    assert _suggestion("户藉") == "户籍"
    assert _suggestion("户藉 dibao") == "户籍低保"
    assert search_public(query="低保").suggestion is None


def test_the_page_offers_the_chinese_word_for_pinyin(loaded):
    html = Client().get("/search/", {"q": "dibao"}).content.decode()
    assert "您是不是要找" in html
    assert '<a href="?q=低保" lang="zh-CN">低保</a>' in html
    html = Client().get("/search/", {"q": "pdf"}).content.decode()
    assert "您是不是要找" not in html


def test_the_api_returns_the_pinyin_suggestion(loaded):
    data = Client().get("/api/public/search", {"q": "xinxi gongkai"}).json()
    assert data["total"] == 0
    assert data["suggestion"] == "信息公开"


# -- properties over the laws sample (the engine directly: no database needed) ---------------
@cache
def _laws_index() -> tuple[SearchIndex, tuple[str, ...]]:
    idx = SearchIndex.build(law_records(LAWS_SAMPLE))
    words = sorted(w for w in py.segment_words(idx.main) if len(w) <= 4)
    return idx, tuple(words)


def _readings(text: str) -> set[str]:
    """Every tone-less spelling of ``text`` by pypinyin, any reading of each character."""
    per_char = [pinyin(ch, style=Style.NORMAL, heteronym=True)[0] for ch in text]
    return {"".join(c) for c in itertools.product(*per_char)}


@settings(max_examples=150, deadline=None)
@given(data=st.data(), spaced=st.booleans(), upper=st.booleans())
def test_the_pinyin_of_any_indexed_word_suggests_it_or_a_homophone(data, spaced, upper):
    idx, words = _laws_index()
    word = data.draw(st.sampled_from(words))
    syllables = lazy_pinyin(word, style=Style.NORMAL)
    # one syllable typed without a space (xian for 西安, yue for 余额) is never converted
    assume(spaced or len(py.split_syllables("".join(syllables)) or ()) >= 2)
    query = (" " if spaced else "").join(syllables)
    query = query.upper() if upper else query
    got = idx.suggest(query)
    assert got is not None
    assert got == word or "".join(syllables) in _readings(got)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12))
def test_latin_that_does_not_split_into_syllables_gets_no_suggestion(text):
    idx, _ = _laws_index()
    assume(all(py.split_syllables(run) is None for run in _latin_runs(text)))
    assert idx.suggest(text) is None


def _latin_runs(text: str) -> list[str]:
    return ["".join(g) for alpha, g in itertools.groupby(text, str.isalpha) if alpha]


def _typed(reading: str) -> bool:
    """Not an interjection (m, n, ng, hm, ê) nobody types as pinyin."""
    return reading.isascii() and any(v in reading for v in "aeiouv")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0x4E00, max_value=0x9FA5))
@example(0x5677)  # 噷: hm, xīn, hēn — the first reading is an interjection
def test_the_readings_agree_with_pypinyin(cp):
    ch = chr(cp)
    expected = lazy_pinyin(ch, style=Style.NORMAL)[0]
    every = pinyin(ch, heteronym=True, style=Style.NORMAL)[0]
    readings = py.char_readings(ch)
    if readings:
        # pypinyin's first reading, or its first one that is not an interjection
        assert readings[0] == (expected if _typed(expected) else next(filter(_typed, every)))
    else:  # no reading, or only interjections
        assert expected == ch or not any(_typed(r) for r in every)


def test_the_dictionaries_are_read_entry_by_entry_exactly_as_pypinyin_loads_them():
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    chars = dict(py.char_entries())
    assert chars == {chr(cp): r.split(",") for cp, r in pinyin_dict.items()}
    phrases = dict(py.phrase_entries())
    assert phrases == {p: [r[0] for r in rs] for p, rs in phrases_dict.items()}


def test_pinyin_beside_chinese_that_matched_still_gets_a_suggestion(memo):
    """户籍 finds records, but dibao matches nothing: the page offers “户籍 低保” all the same."""
    _load(memo, HUJI, DIBAO, DIBAO_15, ONE_NET)
    res = search_public(query="户籍 dibao")
    assert res.total > 0
    assert res.suggestion == "户籍 低保"
    assert search_public(query="户籍").suggestion is None  # nothing to correct: no suggestion


def test_a_dictionary_word_found_only_inside_longer_words_is_still_known(memo):
    """The segmenter reads 最低保修期限 as 最低/保修/期限, so 低保 is not an indexed word here; the
    shipped dictionary knows it and the text contains it, so pinyin still maps to it and it is
    never “corrected” into some other word."""
    _load(memo, doc("d9", "建设工程质量管理", "建设工程的最低保修期限由国务院规定。"))
    assert search_public(query="dibao").suggestion == "低保"
    assert search_public(query="低保").suggestion is None
