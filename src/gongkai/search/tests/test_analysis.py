"""Analysis: the same functions for documents and queries (no database)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search import analysis, kernel, snippets
from gongkai.search.index import Record
from gongkai.search.laws import law_key, split_articles
from gongkai.search.snippets import make_snippet


def test_the_government_dictionary_keeps_terms_whole():
    for term in ("一网通办", "双随机一公开", "依申请公开", "放管服", "最低生活保障"):
        assert term in analysis.words(term)


def test_bigrams_cover_every_two_character_word():
    assert analysis.grams("申请低保") == ["申请", "请低", "低保"]
    assert analysis.grams("户") == ["户"]
    assert analysis.grams("abc 2024年") == ["abc", "2024", "年"]


def test_identifiers_are_normalised_for_exact_lookup():
    a = analysis.normalize_exact("沪府办发〔2023〕 5号")
    assert a == analysis.normalize_exact("沪府办发[2023]5号")
    assert a == analysis.normalize_exact("沪府办发［２０２３］５号")
    # round brackets, as people type them, half- or full-width
    assert a == analysis.normalize_exact("沪府办发(2023)5号")
    assert a == analysis.normalize_exact("沪府办发（2023）5号")
    # an order number with or without the country's name
    assert analysis.normalize_exact("国务院令第649号") == analysis.normalize_exact(
        "中华人民共和国国务院令第649号"
    )


def test_query_words_drop_everyday_question_words():
    aq = analysis.analyse_query("请问低保怎么申请？")
    assert "怎么" not in aq.words
    assert "低保" in aq.words
    assert ["最低", "生活", "保障"] in [sorted(p, key="最低生活保障".index) for p in aq.syn_phrases]


def test_law_keys_match_the_stard_relevance_key():
    assert law_key("中华人民共和国民法典") + "第五十四条" == law_key(
        "中华人民共和国民法典第五十四条"
    )
    assert law_key("最高人民法院关于适用（民法典）的解释") == "最高人民法院关于适用(民法典)的解释"


def test_articles_are_split_at_their_numbers():
    body = "## 第一章 总则\n\n第一条 为了规范。\n\n第二条 本法适用于……\n\n## 第二章\n\n第三条之一 补充。"
    assert [a for a, _ in split_articles(body)] == ["第一条", "第二条", "第三条之一"]
    assert split_articles(body)[1][1] == "第二条 本法适用于……"


# deadline=None: the first example may load the compiled snippet code (kernel.py)
@settings(deadline=None)
@given(st.text(min_size=0, max_size=300), st.lists(st.text(min_size=1, max_size=4), max_size=4))
def test_a_snippet_never_carries_markup_from_the_text(body, terms):
    snippet = make_snippet(body, terms)
    stripped = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped
    assert snippet.count("<mark>") == snippet.count("</mark>")


def test_a_record_survives_serialisation():
    r = Record("a", "标题", "/u/", "正文", "第一条", "g", {"year": "2024"})
    assert Record.from_json(r.to_json()) == r


# full-width forms, upper case, combining marks, Hangul jamo, the dotted İ and the final sigma:
# everything that normalises differently alone and in context
_TRICKY = "政府公开ＡＢｃ１２（）ÀÉéeE\u0301\u0308İIıΣσςΑΒ\u1100\u1161\u11a8가ﬁ㈱①½ "


@given(st.text(alphabet=_TRICKY, max_size=30) | st.text(max_size=30))
def test_the_fast_normalisation_of_snippets_equals_the_character_table(text):
    assert snippets._normalised(text) == text.translate(snippets._TABLE)
    assert len(snippets._normalised(text)) == len(text)  # positions line up


def test_the_snippet_table_array_equals_the_character_table_everywhere():
    lut = snippets._lut()
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        mapped = ord(snippets._TABLE[code])
        # the seven that map outside the BMP stand as a lone surrogate, which no term holds
        assert lut[code] == (mapped if mapped < 0x10000 else 0xD800), hex(code)


# characters that make the terms recur and overlap, full-width and upper-case forms that
# normalise onto them, markup, a character outside the BMP and one that maps there (U+FA6C)
_SNIPPET_CHARS = "低保最低生活保障申请条件户籍ＡａAb12１<&> \u3000\n" + "\U00020000\ufa6c"
_snippet_text = st.text(alphabet=_SNIPPET_CHARS, max_size=200)
_snippet_terms = st.lists(st.text(alphabet=_SNIPPET_CHARS, min_size=1, max_size=4), max_size=8)


@settings(deadline=None, max_examples=300)
@given(st.lists(_snippet_text, max_size=4), _snippet_terms, st.sampled_from([8, 24, 96]))
def test_compiled_snippets_equal_the_python_path(bodies, terms, width):
    expected = [snippets._snippet_python(" ".join(b.split()), terms, width) for b in bodies]
    assert snippets.make_snippets(bodies, terms, width) == expected


def test_snippets_with_more_matches_than_the_cap_equal_the_python_path():
    body = "低保" * 1500 + "申请" * 700  # 2,999 + 1,399 overlapping matches
    terms = ["低保", "保低", "申请", "请申"]
    assert snippets.make_snippets([body, "申请低保"], terms) == [
        snippets._snippet_python(body, terms),
        snippets._snippet_python("申请低保", terms),
    ]
    # and the first body did overflow the compiled path (lo = -2), the second did not
    chars, starts = snippets._compiled_terms(tuple(terms))
    units = snippets._units(body + "申请低保")
    lo, _, _, _ = kernel.snippet_windows(
        units, np.array([0, len(body), len(body) + 4]), snippets._lut(), chars, starts, 96, 2000
    )
    assert lo.tolist() == [-2, 0]
