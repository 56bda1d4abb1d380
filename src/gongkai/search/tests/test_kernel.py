"""The compiled scoring core (kernel.py) gives, bit for bit, the scores of the formula.

``reference_score`` states the formula of engine.py's docstring in plain numpy operations, one
array step at a time (it was the engine's own implementation until the kernel replaced it);
random indexes and queries must score exactly alike through both.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search import analysis, kernel
from gongkai.search.engine import (
    COORD,
    FIELD_WEIGHTS,
    GROUP_VOTE,
    SearchIndex,
    _members,
)
from gongkai.search.index import ARTICLE_TITLE_SCALE, GROUP_FIELDS, Record, Segment
from gongkai.search.laws import law_records
from gongkai.search.tests.conftest import LAWS_SAMPLE


def reference_score(
    self: SearchIndex, seg: Segment, aq: analysis.AnalysedQuery
) -> tuple[np.ndarray, np.ndarray]:
    """The matching records of ``seg``: (positions ascending, float32 scores)."""
    n = len(seg)
    gscores = np.zeros(seg.n_groups, dtype=np.float32)
    # record fields: every (record, weighted impact) pair of every query token, summed by
    # one bincount at the end (about twice as fast as adding posting list by posting list)
    docs_parts: list[np.ndarray] = []
    vals_parts: list[np.ndarray] = []
    matched_docs: list[np.ndarray] = []  # body words, for the coordination factor
    matched_vals: list[float] = []
    for name, tokens in (
        ("bw", aq.words),
        ("bg", aq.grams),
        ("tw", aq.words),
        ("tg", aq.grams),
    ):
        if not tokens or not FIELD_WEIGHTS[name]:
            continue
        p = seg.postings[name]
        for tok, qtf in Counter(tokens).items():
            got = p.get(tok)
            if got is None:
                continue
            idf = self._idf(name, tok)
            w = np.float32(FIELD_WEIGHTS[name] * qtf * idf)
            docs, imp = got
            if name in GROUP_FIELDS:
                gscores[docs] += w * imp
                continue
            docs_parts.append(docs)
            vals_parts.append(w * imp)
            if COORD and name == "bw":
                matched_docs.append(docs)
                matched_vals.append(min(idf, 4.0))
    # synonym postings: prepared in Python for both (tested against np.isin below)
    extra_docs, extra_vals = self._synonym_postings(seg, aq)
    if extra_docs.size:
        docs_parts.append(extra_docs)
        vals_parts.append(extra_vals)
    scores: np.ndarray
    if docs_parts:
        all_docs = np.concatenate(docs_parts)
        scores = np.bincount(all_docs, weights=np.concatenate(vals_parts), minlength=n)
    else:
        scores = np.zeros(n)
    matched = None
    if matched_docs:
        lengths = [d.size for d in matched_docs]
        matched = np.bincount(
            np.concatenate(matched_docs),
            weights=np.repeat(np.asarray(matched_vals), lengths),
            minlength=n,
        )
    # From here on only the candidates: records whose body matched, and whole documents
    # (not articles) whose title matched — an article borrows its title only where its
    # own body matched too.
    pos = np.flatnonzero(scores > 0)
    whole_pos = np.flatnonzero(seg.is_whole)
    if seg.n_groups and whole_pos.size:
        whole = whole_pos[gscores[seg.group_of[whole_pos]] > 0]
        if whole.size:
            pos = np.union1d(pos, whole)
    s = scores[pos].astype(np.float32)
    groups = seg.group_of[pos]
    if seg.n_groups:
        title_scale = np.where(seg.is_whole[pos], 1.0, ARTICLE_TITLE_SCALE).astype(np.float32)
        s += gscores[groups] * title_scale
    s *= seg.boost[pos]
    if matched is not None and aq.words:
        total = sum(min(self._idf("bw", t), 4.0) for t in set(aq.words)) or 1.0
        share = np.float32(1.0) + matched[pos].astype(np.float32) / np.float32(total)
        s *= np.sqrt(share) if COORD == 0.5 else share ** np.float32(COORD)
    if GROUP_VOTE and seg.n_groups and s.size:
        top = float(s.max())
        if top > 0:
            # each document's support: the sum of its articles' squared relative scores
            rel = s / np.float32(top)
            raw = np.bincount(groups, weights=rel * rel, minlength=seg.n_groups)
            support = np.minimum(raw, 3.0).astype(np.float32) / np.float32(3.0)
            s *= np.float32(1.0) + np.float32(GROUP_VOTE) * support[groups]
    return pos, s


# a small alphabet, so that words and bigrams recur across records; 低保 and 最低生活保障 so
# that synonym phrases occur; latin for the ASCII path
CHARS = "政府信息公开申请条件最低生活保障低保户籍办理规定法律第条款人民"
text = st.text(alphabet=CHARS + " ab", min_size=0, max_size=40)


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    out = []
    for g in range(draw(st.integers(1, 6))):
        title = draw(text)
        if draw(st.booleans()):  # a whole document
            out.append(Record(f"d{g}", title, f"/d/{g}", draw(text), metadata={"boost": 1.0}))
            continue
        for a in range(draw(st.integers(1, 5))):
            boost = draw(st.sampled_from([1.0, 0.5, 1.3]))
            out.append(
                Record(
                    f"d{g}-{a}",
                    title,
                    f"/d/{g}#{a}",
                    draw(text),
                    article=f"第{a + 1}条",
                    group=f"d{g}",
                    metadata={"boost": boost},
                )
            )
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=records(), query=text, delta=st.integers(0, 3))
def test_the_kernel_scores_exactly_as_the_formula(recs, query, delta):
    index = SearchIndex.build(recs[delta:])
    index = index.applied(upserts=recs[:delta])  # a delta segment too
    aq = analysis.analyse_query(query)
    for seg in (index.main, index.delta):
        if len(seg) == 0:
            continue
        pos, scores = index._score(seg, aq)
        ref_pos, ref_scores = reference_score(index, seg, aq)
        assert pos.tolist() == ref_pos.tolist()
        assert scores.dtype == ref_scores.dtype == np.float32
        assert scores.tobytes() == ref_scores.tobytes()  # bit for bit


def test_the_kernel_scores_the_laws_sample_exactly_as_the_formula():
    index = SearchIndex.build(law_records(LAWS_SAMPLE))
    matched = 0
    for query in (
        "城市居民最低生活保障的申请条件",
        "低保",
        "政府信息公开 申请",
        "第五十四条",
        "zz",
    ):
        aq = analysis.analyse_query(query)
        pos, scores = index._score(index.main, aq)
        ref_pos, ref_scores = reference_score(index, index.main, aq)
        assert pos.tolist() == ref_pos.tolist()
        assert scores.tobytes() == ref_scores.tobytes()
        matched += pos.size
    assert matched > 100  # articles of the sample, not an empty comparison


sorted_ids = st.lists(st.integers(0, 60), max_size=40).map(
    lambda v: np.unique(np.array(v, dtype=np.int32))
)


@given(a=sorted_ids, b=sorted_ids)
def test_posting_membership_by_binary_search_equals_numpy_isin(a, b):
    assert _members(a, b).tolist() == np.isin(a, b, assume_unique=True).tolist()
    # and the intersection the synonym postings build from it
    assert a[_members(a, b)].tolist() == np.intersect1d(a, b, assume_unique=True).tolist()


FACET_VALUES = {"organ": ["国务院", "司法部", ""], "year": ["2020", "2021"], "validity": ["有效"]}


@st.composite
def faceted(draw: st.DrawFn) -> list[Record]:
    out = []
    for i in range(draw(st.integers(1, 30))):
        meta = {f: draw(st.sampled_from(v)) for f, v in FACET_VALUES.items()}
        out.append(Record(f"r{i}", "标题", f"/r/{i}", draw(text), metadata=meta))
    return out


def reference_facets(
    indexed: list[Record], results: list[Record]
) -> dict[str, list[tuple[str, int]]]:
    """Per facet, the values of the results with their counts: the most frequent first,
    ties in the order the values were first indexed."""
    out = {}
    for facet in FACET_VALUES:
        first: dict[str, int] = {}
        for r in indexed:
            first.setdefault(r.metadata[facet], len(first))
        counts = Counter(r.metadata[facet] for r in results if r.metadata[facet])
        if counts:
            out[facet] = sorted(counts.items(), key=lambda vc: (-vc[1], first[vc[0]]))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=faceted(), query=text, delta=st.integers(0, 4))
def test_facet_counts_equal_counting_the_results(recs, query, delta):
    # the last ``delta`` records come later, through the delta segment
    index = SearchIndex.build(recs[: len(recs) - delta]).applied(upserts=recs[len(recs) - delta :])
    res = index.search(query, snippets=False)
    everything = index.search(query, per_page=len(recs), snippets=False)
    assert res.total == len(everything.hits)
    by_id = {r.id: r for r in recs}
    expected = reference_facets(recs, [by_id[h.id] for h in everything.hits])
    if delta:  # two segments: the same counts, most frequent first (ties: either order)
        assert {f: dict(v) for f, v in res.facets.items()} == {
            f: dict(v) for f, v in expected.items()
        }
        for values in res.facets.values():
            assert [n for _, n in values] == sorted((n for _, n in values), reverse=True)
    else:
        assert res.facets == expected


keys = st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.5]), max_size=60)


@settings(deadline=None)  # the first example of each key type may load its compiled code
@given(keys=keys, k=st.integers(1, 70), wide=st.booleans())
def test_best_picks_the_highest_keys_then_the_lowest_positions(keys, k, wide):
    key = np.array(keys, dtype=np.float64 if wide else np.float32)
    pos = np.random.default_rng(len(keys)).permutation(len(keys)).astype(np.int64)
    expected = sorted(range(len(keys)), key=lambda i: (-key[i], pos[i]))[:k]
    assert kernel.best(key, pos, k).tolist() == expected
