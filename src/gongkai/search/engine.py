"""The search engine: BM25F over words + bigrams + the parent title, a prior, exact lookup.

``SearchIndex`` = one big immutable main segment + a small delta segment (rebuilt from the
changed records on every update) + tombstones (ids removed or replaced since the main segment
was built). Ranking (docs/decisions/0002-search-engine.md):

    score(d) = boost(d) · Σ_field w_field · Σ_t qtf(t) · idf(t) · impact(t, d)

over the record fields (body words, body bigrams) and the group fields (the title of the
document an article belongs to, scored once per document and shared by its articles);
synonym-expansion terms count with SYNONYM_WEIGHT. Exact 发文字号/索引号 matches come first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gongkai.search import analysis, kernel
from gongkai.search.index import (
    ALL_FACETS,
    ARTICLE_TITLE_SCALE,
    FACETS,
    GROUP_FIELDS,
    MULTI_FACETS,
    Record,
    Segment,
)
from gongkai.search.snippets import make_snippets
from gongkai.search.suggest import Suggester

FIELD_WEIGHTS = {"bw": 1.0, "bg": 0.5, "tw": 1.0, "tg": 0.5}
SYNONYM_WEIGHT = 0.6
COORD = 0.5  # exponent of the share of distinct query words a record contains
GROUP_VOTE = 0.5  # how much the articles of the same document reinforce each other
EXACT_SCORE = 1e6
# decision 0008: the site's own information before the reference library at similar relevance,
# an exact or near-exact title match first, results one per document
LIBRARY_WEIGHT = 0.5  # a library record's relevance counts this much beside the site's own
TITLE_SCORE = 1e4  # added for a near-exact title match, twice for an exact one (< EXACT_SCORE)
NEAR_TITLE_SHARE = 0.75  # a title holding the whole query, which is at least this share of it
ARTICLES_SHOWN = 3  # a document's best articles shown under it; the rest are counted
KINDS = ("site", "library")
IDF_MEMO = 100_000  # idf values remembered per index (tokens of past queries)
_ABSENT = (0, 0, 0.0)  # remembered: a token not in a segment's field

_NO_DOCS = np.zeros(0, dtype=np.int32)
_NO_VALS = np.zeros(0, dtype=np.float32)

# per segment: the positions of the matching records and their scores
Part = tuple[Segment, np.ndarray, np.ndarray]


@dataclass
class ArticleHit:
    """One matching article of a grouped result: its number, its anchored link, its snippet."""

    article: str
    url: str
    snippet: str
    score: float


@dataclass
class Hit:
    """One result: a document (or law) in grouped search, with its best article (``article``,
    ``url`` and ``snippet`` are the best one's) and up to ARTICLES_SHOWN ``articles``; ``more``
    matching articles are counted, not shown. ``source`` is the registered search source that
    gave it (documents, laws, …) and ``kind`` that source's kind: "site" or "library"."""

    id: str
    title: str
    url: str
    article: str | None
    snippet: str
    score: float
    metadata: dict[str, Any]
    source: str = ""
    kind: str = "site"
    doc_url: str = ""
    articles: list[ArticleHit] = field(default_factory=list)
    more: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "article": self.article,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


@dataclass
class SearchResults:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    exact: bool = False
    # grouped search: results (documents) per kind of source, before the kind filter
    kinds: dict[str, int] = field(default_factory=dict)


def _carrying(seg: Segment, facet: str, value: str, pos: np.ndarray) -> np.ndarray:
    """Which of the records ``pos`` carry ``value`` among their values of the multi-valued
    ``facet``."""
    got = seg.multi.get(facet)
    try:
        code = seg.multi_values.get(facet, []).index(value)
    except ValueError:
        code = 0
    if got is None or not code:
        return np.zeros(pos.size, dtype=bool)
    offsets, codes, _any = got
    at = np.flatnonzero(codes == code)  # where in the runs of codes
    owners = np.searchsorted(offsets, at, side="right") - 1  # ascending
    if not owners.size:
        return np.zeros(pos.size, dtype=bool)
    i = np.minimum(np.searchsorted(owners, pos), owners.size - 1)
    return owners[i] == pos


def _multi_facets(live: list[tuple[Segment, np.ndarray]]) -> dict[str, list[tuple[str, int]]]:
    """Per multi-valued facet, the 20 values most carried by the records ``pos`` of each
    segment (a record counts once for each of its values)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for facet in MULTI_FACETS:
        counts: Counter[str] = Counter()
        for seg, pos in live:
            got = seg.multi.get(facet)
            if got is None or not got[1].size:
                continue
            offsets, codes, has_any = got
            pos = pos[has_any[pos]]
            starts = offsets[pos].astype(np.int64)
            lens = offsets[pos + 1].astype(np.int64) - starts
            total = int(lens.sum())
            if not total:
                continue
            # the positions of every record's run of codes, one after another
            first = np.cumsum(lens) - lens
            idx = np.repeat(starts - first, lens) + np.arange(total, dtype=np.int64)
            table = np.bincount(codes[idx], minlength=len(seg.multi_values[facet]))
            values = seg.multi_values[facet]
            for c in np.flatnonzero(table[1:]) + 1:
                counts[values[c]] += int(table[c])
        if counts:
            # ties in the order the values were first indexed (Counter keeps insertion order)
            out[facet] = counts.most_common(20)
    return out


class SearchIndex:
    def __init__(self, main: Segment | None = None) -> None:
        self.main = main or Segment.build([])
        self.delta = Segment.build([])
        self.delta_records: dict[str, Record] = {}
        self.tombstones: set[str] = set()
        self._alive_main = np.ones(len(self.main), dtype=bool)
        self._suggester: Suggester | None = None
        self._idfs: dict[tuple[str, str], float] = {}
        self._ranges: dict[tuple[int, str, str], tuple[int, int, float]] = {}

    @classmethod
    def build(cls, records: Iterable[Record], progress: Any = None) -> SearchIndex:
        return cls(Segment.build(records, progress))

    def __len__(self) -> int:
        return int(self._alive_main.sum()) + len(self.delta)

    # -- updates ---------------------------------------------------------------------------
    def applied(
        self, *, upserts: Iterable[Record] = (), removals: Iterable[str] = ()
    ) -> SearchIndex:
        """A new index with records added/replaced and removed (the delta segment is rebuilt;
        it stays small). This one is never changed, so searches running on it in other threads
        keep seeing one consistent state (copy-on-write; the main segment is shared)."""
        new = SearchIndex.__new__(SearchIndex)
        new.main = self.main
        new.delta_records = dict(self.delta_records)
        new.tombstones = set(self.tombstones)
        new._alive_main = self._alive_main.copy()
        changed = False
        for rec in upserts:
            new.delta_records[rec.id] = rec
            new._tomb(rec.id)
            changed = True
        for rid in removals:
            new.delta_records.pop(rid, None)
            new._tomb(rid)
            changed = True
        new.delta = Segment.build(list(new.delta_records.values())) if changed else self.delta
        new._suggester = None if changed else self._suggester
        new._idfs = {} if changed else self._idfs
        new._ranges = {} if changed else self._ranges
        return new

    def _tomb(self, rid: str) -> None:
        pos = self.main.id_pos.get(rid)
        if pos is not None:
            self.tombstones.add(rid)
            self._alive_main[pos] = False

    def merged(self) -> SearchIndex:
        """A fresh index with the delta merged into the main segment."""
        live = [r for r in self.main.records if r.id not in self.tombstones]
        live = [r for r in live if r.id not in self.delta_records]
        return SearchIndex.build([*live, *self.delta_records.values()])

    # -- search ----------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        page: int = 1,
        per_page: int = 10,
        filters: Mapping[str, str] | None = None,
        sort: str = "relevance",
        snippets: bool = True,
        facets: bool = True,
        group: bool = True,
        kind: str = "",
    ) -> SearchResults:
        """Ranked results for ``query``. With ``group`` (the default: the public page, the API,
        the command), one result per document, its matching articles inside, the site's own
        information before the library at similar relevance and a title match first (decision
        0008); ``kind`` ("site" or "library") keeps one kind of source. Without ``group``, the
        ranked records themselves (articles), as measured on STARD by bench/search.py."""
        page = max(page, 1)
        filters = {k: v for k, v in (filters or {}).items() if k in ALL_FACETS and v}
        kind = kind if kind in KINDS else ""
        aq = analysis.analyse_query(query)
        res = SearchResults(query=query, total=0, page=page, per_page=per_page)
        tkey = analysis.title_key(query) if group else ""
        # parts: per segment, the positions of the matching records and their scores
        parts: list[Part] = []
        kinds = dict.fromkeys(KINDS, 0)
        for seg, alive in ((self.main, self._alive_main), (self.delta, None)):
            if len(seg) == 0:
                continue
            pos, scores = self._score(seg, aq)
            if alive is not None and self.tombstones:  # removed or replaced since the snapshot
                live = alive[pos]
                pos, scores = pos[live], scores[live]
            if group and seg.has_library and pos.size:
                # the library counts less than the site's own at the same relevance
                scores = np.where(seg.is_library[pos], scores * LIBRARY_WEIGHT, scores)
            exact_hits = seg.exact.get(aq.exact, []) if aq.exact else []
            exact_hits = [p for p in exact_hits if alive is None or alive[p]]
            if exact_hits:
                res.exact = True
                pos, scores = _with_exact(pos, scores, exact_hits)
            elif len(tkey) >= 2:
                pos, scores = _with_title(seg, pos, scores, tkey, alive)
            if filters:
                keep = np.ones(pos.size, dtype=bool)
                for facet, value in filters.items():
                    if facet in MULTI_FACETS:
                        keep &= _carrying(seg, facet, value, pos)
                        continue
                    try:
                        code = seg.facet_values[facet].index(value)
                    except ValueError:
                        keep[:] = False
                        break
                    keep &= seg.facet_codes[facet][pos] == code
                pos, scores = pos[keep], scores[keep]
            if group and pos.size:
                lib = seg.is_library[_one_per_group(seg, pos)]
                kinds["library"] += int(lib.sum())
                kinds["site"] += int(lib.size - lib.sum())
                if kind:
                    keep = seg.is_library[pos] == (kind == "library")
                    pos, scores = pos[keep], scores[keep]
            parts.append((seg, pos, scores))
        if res.exact:  # an exact 文号/索引号 match: only those records
            parts = [(seg, p[sc >= EXACT_SCORE], sc[sc >= EXACT_SCORE]) for seg, p, sc in parts]
            if group:
                kinds = dict.fromkeys(KINDS, 0)
                for seg, p, _ in parts:
                    lib = seg.is_library[_one_per_group(seg, p)] if p.size else seg.is_library[:0]
                    kinds["library"] += int(lib.sum())
                    kinds["site"] += int(lib.size - lib.sum())
        if not group:
            return self._search_records(res, parts, aq, query, sort, snippets, facets)
        res.kinds = kinds
        counts = [
            np.bincount(seg.group_idx[p], minlength=seg.n_groups) if p.size else None
            for seg, p, _ in parts
        ]
        res.total = self._count_groups(parts, counts)
        if facets:
            res.facets = self._facets([(seg, _one_per_group(seg, p), sc) for seg, p, sc in parts])
        need = page * per_page
        n_records = int(sum(p.size for _, p, _ in parts))
        fetch = need * 3 + 10
        while True:
            cands = self._candidates(parts, sort, fetch)
            order: dict[Any, list[tuple[Segment, int, float]]] = {}
            complete = False
            for c in cands:
                seg, at = c[2], c[3]
                # versions of one law (the same title in the library: a law and its superseded
                # text) are one result; a site's documents are told apart by their group
                gk = _group_key(c)
                got = order.get(gk)
                if got is None:
                    if len(order) >= need:  # the page is complete: the rest ranks lower
                        complete = True
                        break
                    got = order[gk] = []
                got.append((seg, at, c[4]))
            if complete or len(order) >= need or fetch >= n_records:
                break
            fetch *= 4
        keys = list(order)[(page - 1) * per_page : need]
        shown = [order[k] for k in keys]
        # a document shows its best ARTICLES_SHOWN articles, and more when more of its articles
        # rank among the first ``need`` records: grouping never hides an article the ranking
        # of articles alone would have put on the page
        top = _top_records_per_group(cands, need)
        limits = [max(ARTICLES_SHOWN, top.get(k, 0)) for k in keys]
        subsets = self._shown_matches(shown, parts, counts)
        picked = [
            self._group_articles(g, counts_of(g, parts, counts), subsets, limit)
            for g, limit in zip(shown, limits, strict=True)
        ]
        bodies = [seg.records.body(at) for arts, _ in picked for seg, at, _ in arts]
        if snippets:
            terms = [*aq.words, *aq.grams, *(p for ps in aq.syn_phrases for p in ps)]
            texts = make_snippets(bodies, terms)
        else:
            texts = [""] * len(bodies)
        n = 0
        for arts, rest in picked:
            seg, at, score = arts[0]
            rec = seg.records[at]
            articles = []
            for aseg, aat, ascore in arts:
                art = aseg.records.article(aat)
                if art:
                    url = aseg.records.url(aat)
                    articles.append(ArticleHit(art, url, texts[n], _shown(ascore)))
                n += 1
            res.hits.append(
                Hit(
                    rec.id,
                    rec.title,
                    rec.url,
                    rec.article,
                    articles[0].snippet if articles else texts[n - len(arts)],
                    _shown(score),
                    rec.metadata,
                    source=str(rec.metadata.get("source") or ""),
                    kind="library" if seg.is_library[at] else "site",
                    doc_url=rec.url.split("#", 1)[0],
                    articles=articles,
                    more=rest,
                )
            )
        if query.strip() and (res.total == 0 or self._unknown_latin(aq)):
            res.suggestion = self.suggest(query)
        return res

    def _candidates(
        self, parts: list[Part], sort: str, fetch: int
    ) -> list[tuple[float, int, Segment, int, float, bool, int]]:
        """The ``fetch`` best records of every segment, best first (by score, or by date):
        (key, -position, segment, position, score, from the library, group)."""
        cands: list[tuple[float, int, Segment, int, float, bool, int]] = []
        for seg, pos, scores in parts:
            if pos.size == 0:
                continue
            if sort == "date":
                key = seg.dates[pos].astype(np.float64) + scores / (EXACT_SCORE * 10)
            else:
                key = scores
            top = kernel.best(key, pos, fetch).tolist()
            where = pos[top]
            keys, at, sc = key[top].tolist(), where.tolist(), scores[top].tolist()
            lib, grp = seg.is_library[where].tolist(), seg.group_of[where].tolist()
            cands.extend(
                (keys[t], -at[t], seg, at[t], sc[t], lib[t], grp[t]) for t in range(len(top))
            )
        cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
        return cands

    def _shown_matches(
        self,
        shown: list[list[tuple[Segment, int, float]]],
        parts: list[Part],
        counts: list[np.ndarray | None],
    ) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per segment (by id), the matches of the shown results that have more matching
        records than the candidates held and fewer than ARTICLES_SHOWN among them: (positions,
        scores, groups), found in one pass over the segment's matches."""
        out: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for (seg, pos, scores), cnt in zip(parts, counts, strict=True):
            if cnt is None:
                continue
            wanted = [
                int(seg.group_of[g[0][1]])
                for g in shown
                if g[0][0] is seg
                and len(g) < ARTICLES_SHOWN
                and cnt[int(seg.group_of[g[0][1]])] > len(g)
            ]
            if not wanted:
                continue
            mark = np.zeros(seg.n_groups, dtype=bool)
            mark[wanted] = True
            sel = np.flatnonzero(mark[seg.group_of[pos]])
            groups = seg.group_of[pos[sel]]
            # by group, best first within a group (ties: the lower position)
            order = np.lexsort((pos[sel], -scores[sel], groups))
            sel = sel[order]
            out[id(seg)] = (pos[sel], scores[sel], groups[order])
        return out

    def _group_articles(
        self,
        found: list[tuple[Segment, int, float]],
        total: int,
        subsets: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]],
        limit: int = ARTICLES_SHOWN,
    ) -> tuple[list[tuple[Segment, int, float]], int]:
        """A shown result's best records (at most ``limit``, best first; one article
        number once) and how many more of its records matched. ``found`` are its records among
        the candidates; when it has more matching records than those, its best ones are
        looked up among all of its matches (``subsets``: _shown_matches)."""
        seg0, at0, _ = found[0]
        g0 = int(seg0.group_of[at0])
        sub = subsets.get(id(seg0))
        if sub is not None and total > len(found) and len(found) < ARTICLES_SHOWN:
            start = int(np.searchsorted(sub[2], g0))
            end = min(int(np.searchsorted(sub[2], g0, side="right")), start + ARTICLES_SHOWN * 2)
            found = [
                (seg0, p, s)
                for p, s in zip(sub[0][start:end].tolist(), sub[1][start:end].tolist(), strict=True)
            ]
        out: list[tuple[Segment, int, float]] = []
        seen: set[str | None] = set()
        for item in found:
            art = item[0].records.article(item[1])
            if art in seen and art is not None:
                continue
            seen.add(art)
            out.append(item)
            if len(out) >= limit:
                break
        return out, max(total - len(out), 0)

    def _count_groups(self, parts: list[Part], counts: list[np.ndarray | None]) -> int:
        """Documents among the matches: the groups with a match in each segment, a document
        with matches in both segments (partly replaced since the snapshot) counted once."""
        total = 0
        main_count = None
        for (seg, _, _), cnt in zip(parts, counts, strict=True):
            if cnt is None:
                continue
            total += int(np.count_nonzero(cnt))
            if seg is self.main:
                main_count = cnt
            elif main_count is not None:
                for g in np.flatnonzero(cnt).tolist():
                    mg = self.main.group_pos.get(seg.group_keys[g])
                    if mg is not None and main_count[mg]:
                        total -= 1
        return total

    def _search_records(
        self,
        res: SearchResults,
        parts: list[Part],
        aq: analysis.AnalysedQuery,
        query: str,
        sort: str,
        snippets: bool,
        facets: bool,
    ) -> SearchResults:
        """The ungrouped search: ranked records (articles), as before decision 0008."""
        page, per_page = res.page, res.per_page
        res.total = int(sum(p.size for _, p, _ in parts))
        if facets:
            res.facets = self._facets(parts)
        need = page * per_page
        # versions of one article (same title and article number, e.g. a law and its superseded
        # text) collapse to the best-scoring one: fetch extra candidates to fill the page
        cands = self._candidates(parts, sort, need * 3 + 10)
        seen: set[tuple[str, str | None, str]] = set()
        picked = []
        for c in cands:
            recs, at = c[2].records, c[3]
            art = recs.article(at)
            ck = (recs.title(at), art, "" if art else recs.rid(at))
            if ck in seen:
                continue
            seen.add(ck)
            picked.append(c)
            if len(picked) >= need:
                break
        shown = [(c[2].records[c[3]], c[4]) for c in picked[(page - 1) * per_page : need]]
        if snippets:
            terms = [*aq.words, *aq.grams, *(p for ps in aq.syn_phrases for p in ps)]
            texts = make_snippets([rec.body for rec, _ in shown], terms)
        else:
            texts = [""] * len(shown)
        for (rec, score), snippet in zip(shown, texts, strict=True):
            res.hits.append(
                Hit(
                    rec.id,
                    rec.title,
                    rec.url,
                    rec.article,
                    snippet,
                    score - EXACT_SCORE if score >= EXACT_SCORE else score,
                    rec.metadata,
                    source=str(rec.metadata.get("source") or ""),
                    kind="library" if rec.metadata.get("source_kind") == "library" else "site",
                    doc_url=rec.url.split("#", 1)[0],
                )
            )
        if query.strip() and (res.total == 0 or self._unknown_latin(aq)):
            # nothing found, or latin letters the index does not know (pinyin typed beside
            # Chinese, “户籍 dibao”): offer the correction
            res.suggestion = self.suggest(query)
        return res

    def _unknown_latin(self, aq: analysis.AnalysedQuery) -> bool:
        latin = [t for t in aq.grams if t.isascii() and t.isalpha()]
        return any(
            all(
                seg.postings[name].vocab.get(t) is None
                for seg in (self.main, self.delta)
                for name in ("bg", "bw", "tg")
            )
            for t in latin
        )

    def _idf(self, name: str, token: str) -> float:
        """BM25 idf of ``token`` in field ``name`` over both segments (remembered: an index
        never changes; a change makes a new one)."""
        key = (name, token)
        idf = self._idfs.get(key)
        if idf is None:
            if len(self._idfs) >= IDF_MEMO:
                self._idfs.clear()
            idf = self._idfs[key] = self._compute_idf(name, token)
        return idf

    def _compute_idf(self, name: str, token: str) -> float:
        df, n = 0, 0
        for seg in (self.main, self.delta):
            p = seg.postings[name]
            tid = p.vocab.get(token)
            if tid is not None:
                df += p.df(tid)
            n += seg.n_groups if name in GROUP_FIELDS else len(seg)
        if df == 0:
            return 0.0
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _score(self, seg: Segment, aq: analysis.AnalysedQuery) -> tuple[np.ndarray, np.ndarray]:
        """The matching records of ``seg``: (positions ascending, float32 scores).

        Here the query's tokens become posting ranges and weights; kernel.score_segment adds
        them up and applies the title, the prior, the coordination factor and the vote of
        sibling articles (the formula, step by step, is in tests/test_kernel.py)."""
        fields, targets, starts, ends, weights, coords = [], [], [], [], [], []
        coord_used = False
        ranges, which = self._ranges, int(seg is self.main)
        if len(ranges) >= IDF_MEMO:
            ranges.clear()
        for f, (name, tokens) in enumerate(
            (("bw", aq.words), ("bg", aq.grams), ("tw", aq.words), ("tg", aq.grams))
        ):
            if not tokens or not FIELD_WEIGHTS[name]:
                continue
            for tok, qtf in Counter(tokens).items():
                # the token's posting range in this segment and its idf, remembered
                key = (which, name, tok)
                got = ranges.get(key)
                if got is None:
                    got = ranges[key] = self._range(seg, name, tok) or _ABSENT
                if got is _ABSENT:
                    continue
                start, end, idf = got
                fields.append(f)
                targets.append(kernel.TO_GROUPS if name in GROUP_FIELDS else kernel.TO_RECORDS)
                starts.append(start)
                ends.append(end)
                weights.append(FIELD_WEIGHTS[name] * qtf * idf)
                if COORD and name == "bw":
                    coords.append(min(idf, 4.0))
                    coord_used = True
                else:
                    coords.append(-1.0)
        extra_docs, extra_vals = self._synonym_postings(seg, aq)
        total = 1.0
        if coord_used and aq.words:
            total = sum(min(self._idf("bw", t), 4.0) for t in set(aq.words)) or 1.0
        return kernel.score_segment(
            len(seg),
            seg.n_groups,
            seg.posting_docs,
            seg.posting_impacts,
            np.asarray(fields, dtype=np.int64),
            np.asarray(targets, dtype=np.int64),
            np.asarray(starts, dtype=np.int64),
            np.asarray(ends, dtype=np.int64),
            np.asarray(weights, dtype=np.float32),
            np.asarray(coords, dtype=np.float64),
            extra_docs,
            extra_vals,
            seg.group_idx,
            seg.is_whole,
            seg.has_whole,
            ARTICLE_TITLE_SCALE,
            seg.boost_code,
            seg.boost_value,
            float(total),
            float(COORD),
            bool(coord_used and aq.words),
            float(GROUP_VOTE),
            *kernel.scratch(len(seg)),
        )

    def _range(self, seg: Segment, name: str, tok: str) -> tuple[int, int, float] | None:
        """Where ``tok``'s postings lie in ``seg``'s field ``name``, and its idf (None: not
        there)."""
        p = seg.postings[name]
        tid = p.vocab.get(tok)
        if tid is None:
            return None
        return int(p.offsets[tid]), int(p.offsets[tid + 1]), self._idf(name, tok)

    def _synonym_postings(
        self, seg: Segment, aq: analysis.AnalysedQuery
    ) -> tuple[np.ndarray, np.ndarray]:
        """The body postings of multi-word synonyms (最低生活保障 → 最低 生活 保障): only in
        records that hold every piece, weighted by SYNONYM_WEIGHT."""
        bw = seg.postings["bw"]
        docs_parts: list[np.ndarray] = []
        vals_parts: list[np.ndarray] = []
        for pieces in aq.syn_phrases:
            got_all = [bw.get(p) for p in pieces]
            if any(g is None for g in got_all):
                continue
            lists = [g for g in got_all if g is not None]
            # the records holding every piece: the shortest list, narrowed by the others
            shortest = min(lists, key=lambda g: g[0].size)[0]
            common = shortest
            for docs, _ in lists:
                if docs is not shortest:
                    common = common[_members(common, docs)]
            if common.size == 0:
                continue
            for piece, (docs, imp) in zip(pieces, lists, strict=True):
                at = np.searchsorted(docs, common)  # every one of them is there
                w = np.float32(FIELD_WEIGHTS["bw"] * SYNONYM_WEIGHT * self._idf("bw", piece))
                docs_parts.append(common)
                vals_parts.append(w * imp[at])
        if not docs_parts:
            return _NO_DOCS, _NO_VALS
        return np.concatenate(docs_parts), np.concatenate(vals_parts).astype(np.float32)

    def _facets(self, parts: list[Part]) -> dict[str, Any]:
        """Per facet, the 20 most frequent values among the results (ties in the order the
        values were first indexed)."""
        out: dict[str, list[tuple[str, int]]] = {}
        live = [(seg, pos) for seg, pos, _ in parts if pos.size]
        if len(live) == 1:  # one segment matched (the usual case): counted in one pass
            seg, pos = live[0]
            got = kernel.facet_tops(seg.facet_rows, pos, seg.facet_sizes, 20)
            codes_l, counts_l, start_l = (a.tolist() for a in got)
            for facet in FACETS:
                values = seg.facet_values[facet]
                only = seg.facet_single.get(facet)
                if only is not None:  # every record has the same value: nothing to count
                    if only:
                        out[facet] = [(values[only], int(pos.size))]
                    continue
                f = seg.facet_column[facet][0]
                a, b = start_l[f], start_l[f + 1]
                if b > a:
                    out[facet] = [
                        (values[c], n) for c, n in zip(codes_l[a:b], counts_l[a:b], strict=True)
                    ]
            out.update(_multi_facets(live))
            return out
        tables = [
            (seg, pos, kernel.facet_table(seg.facet_rows, pos, seg.facet_sizes).tolist())
            for seg, pos in live
        ]
        for facet in FACETS:
            counts: Counter[str] = Counter()
            for seg, pos, table in tables:
                values = seg.facet_values[facet]
                only = seg.facet_single.get(facet)
                if only is not None:  # every record has the same value: nothing to count
                    if only:
                        counts[values[only]] += int(pos.size)
                    continue
                base = seg.facet_column[facet][1]
                for code in range(1, len(values)):
                    if table[base + code]:
                        counts[values[code]] += table[base + code]
            if counts:
                out[facet] = counts.most_common(20)
        out.update(_multi_facets(live))
        return out

    def suggest(self, query: str) -> str | None:
        if self._suggester is None:
            self._suggester = Suggester([self.main, self.delta])
        return self._suggester.suggest(query)

    def get(self, rid: str) -> Record | None:
        if rid in self.delta_records:
            return self.delta_records[rid]
        if rid in self.tombstones:
            return None
        pos = self.main.id_pos.get(rid)
        return self.main.records[pos] if pos is not None else None


def warm_compiled() -> None:
    """Load (or, the first time on a machine, compile: about ten seconds) the compiled code
    of kernel.py on every path a page takes — scoring, facets of one and of two segments,
    both sort orders, snippets — so that no request pays for it (``gongkai serve`` calls
    this in the master before the workers fork; the browser tests before their first page)."""
    library = {"source_kind": "library"}
    warm = SearchIndex.build(
        [
            Record("warm", "政务公开", "/", "政务公开"),
            Record("warm:1", "公开条例", "/l/#1", "第一条 政务公开", "第一条", "l", library),
        ]
    )
    warm.search("政务公开")
    warm.search("公开条例")  # a title match: float64 scores
    warm.search("政务公开", group=False)
    warm.applied(upserts=[Record("warm2", "政务公开", "/", "政务公开")]).search("政务公开")
    warm.search("政务公开", sort="date")


def _group_key(c: tuple[float, int, Segment, int, float, bool, int]) -> Any:
    """The result a candidate belongs to: versions of one law (the same title in the library:
    a law and its superseded text) are one result; a site's documents by their group."""
    seg, at = c[2], c[3]
    return ("library", seg.records.title(at)) if c[5] else seg.group_keys[c[6]]


def _top_records_per_group(
    cands: list[tuple[float, int, Segment, int, float, bool, int]], need: int
) -> dict[Any, int]:
    """How many of the first ``need`` records (one version of an article once, as the
    ungrouped search counts them) each result holds."""
    out: dict[Any, int] = {}
    seen: set[tuple[str, str | None, str]] = set()
    for c in cands:
        recs, at = c[2].records, c[3]
        art = recs.article(at)
        ck = (recs.title(at), art, "" if art else recs.rid(at))
        if ck in seen:
            continue
        seen.add(ck)
        gk = _group_key(c)
        out[gk] = out.get(gk, 0) + 1
        if len(seen) >= need:
            break
    return out


def counts_of(
    found: list[tuple[Segment, int, float]], parts: list[Part], counts: list[np.ndarray | None]
) -> int:
    """How many records of the result whose best record is ``found[0]`` matched."""
    seg0, at0, _ = found[0]
    for (seg, _, _), cnt in zip(parts, counts, strict=True):
        if cnt is not None and seg is seg0:
            return int(cnt[int(seg0.group_of[at0])])
    return len(found)


def _shown(score: float) -> float:
    """A ranking score as shown: without the lift of an exact or a title match."""
    if score >= EXACT_SCORE:
        score -= EXACT_SCORE
    return score - TITLE_SCORE * math.floor(score / TITLE_SCORE) if score >= TITLE_SCORE else score


def _one_per_group(seg: Segment, pos: np.ndarray) -> np.ndarray:
    """One of ``pos`` (ascending) per group: counted per document rather than per article."""
    if pos.size == 0:
        return pos
    g = seg.group_of[pos]
    if seg.groups_contiguous:  # a group's records lie side by side: its first one in the run
        first = np.empty(pos.size, dtype=bool)
        first[0] = True
        np.not_equal(g[1:], g[:-1], out=first[1:])
        return pos[first]
    return pos[np.unique(g, return_index=True)[1]]


def _with_title(
    seg: Segment, pos: np.ndarray, scores: np.ndarray, tkey: str, alive: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Lift the records of a document whose title is the query (2 × TITLE_SCORE) or holds the
    whole query, the query being at least NEAR_TITLE_SHARE of it (TITLE_SCORE), above the
    rest; such a document none of whose records matched comes in with its first record."""
    lift: dict[int, float] = {}
    for g, whole in seg.titles.matches(tkey, int(len(tkey) / NEAR_TITLE_SHARE)):
        lift[g] = 2 * TITLE_SCORE if whole else TITLE_SCORE
    if not lift:
        return pos, scores
    groups = np.fromiter(lift, dtype=np.int64, count=len(lift))
    values = np.fromiter(lift.values(), dtype=np.float64, count=len(lift))
    firsts = seg.group_first[groups]
    if alive is not None:
        keep = alive[firsts]
        groups, values, firsts = groups[keep], values[keep], firsts[keep]
    if groups.size == 0:
        return pos, scores
    lookup = np.zeros(seg.n_groups, dtype=np.float64)
    lookup[groups] = values
    have = np.zeros(seg.n_groups, dtype=bool)
    have[seg.group_of[pos]] = True
    missing = firsts[~have[groups]]
    if missing.size:
        pos = np.concatenate([pos, missing])
        scores = np.concatenate([scores, np.zeros(missing.size, dtype=scores.dtype)])
        order = np.argsort(pos, kind="stable")
        pos, scores = pos[order], scores[order]
    return pos, scores.astype(np.float64) + lookup[seg.group_of[pos]]


def _members(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which values of ``a`` occur in ``b`` (both ascending, as posting lists are): the mask
    np.isin gives, by binary search instead of sorting both."""
    if b.size == 0:
        return np.zeros(a.size, dtype=bool)
    at = np.searchsorted(b, a)
    return b[np.minimum(at, b.size - 1)] == a


def _with_exact(
    pos: np.ndarray, scores: np.ndarray, exact: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Lift the exact 文号/索引号 matches above everything (adding them if they did not match)."""
    extra = np.setdiff1d(np.asarray(exact, dtype=np.int64), pos)
    if extra.size:
        pos = np.concatenate([pos, extra])
        scores = np.concatenate([scores, np.zeros(extra.size, dtype=np.float32)])
        order = np.argsort(pos, kind="stable")
        pos, scores = pos[order], scores[order]
    lift = np.isin(pos, exact)
    scores = scores.astype(np.float64)
    scores[lift] += EXACT_SCORE
    return pos, scores
