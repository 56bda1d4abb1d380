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

from gongkai.search import analysis
from gongkai.search.index import FACETS, GROUP_FIELDS, Record, Segment
from gongkai.search.snippets import make_snippet
from gongkai.search.suggest import Suggester

FIELD_WEIGHTS = {"bw": 1.0, "bg": 0.5, "tw": 1.0, "tg": 0.5}
SYNONYM_WEIGHT = 0.6
COORD = 0.5  # exponent of the share of distinct query words a record contains
GROUP_VOTE = 0.5  # how much the articles of the same document reinforce each other
EXACT_SCORE = 1e6


@dataclass
class Hit:
    id: str
    title: str
    url: str
    article: str | None
    snippet: str
    score: float
    metadata: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
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


class SearchIndex:
    def __init__(self, main: Segment | None = None) -> None:
        self.main = main or Segment.build([])
        self.delta = Segment.build([])
        self.delta_records: dict[str, Record] = {}
        self.tombstones: set[str] = set()
        self._alive_main = np.ones(len(self.main), dtype=bool)
        self._suggester: Suggester | None = None

    @classmethod
    def build(cls, records: Iterable[Record], progress: Any = None) -> SearchIndex:
        return cls(Segment.build(records, progress))

    def __len__(self) -> int:
        return int(self._alive_main.sum()) + len(self.delta)

    # -- updates ---------------------------------------------------------------------------
    def apply(self, *, upserts: Iterable[Record] = (), removals: Iterable[str] = ()) -> None:
        """Add/replace and remove records; the delta segment is rebuilt (it stays small)."""
        changed = False
        for rec in upserts:
            self.delta_records[rec.id] = rec
            self._tomb(rec.id)
            changed = True
        for rid in removals:
            self.delta_records.pop(rid, None)
            self._tomb(rid)
            changed = True
        if changed:
            self.delta = Segment.build(list(self.delta_records.values()))
            self._suggester = None

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
    ) -> SearchResults:
        page = max(page, 1)
        filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
        aq = analysis.analyse_query(query)
        res = SearchResults(query=query, total=0, page=page, per_page=per_page)
        parts = []
        for seg, alive in ((self.main, self._alive_main), (self.delta, None)):
            if len(seg) == 0:
                continue
            scores = self._score(seg, aq)
            exact_hits = seg.exact.get(aq.exact, []) if aq.exact else []
            for pos in exact_hits:
                if alive is not None and not alive[pos]:
                    continue  # removed or replaced since the snapshot
                scores[pos] = EXACT_SCORE + float(scores[pos])
                res.exact = True
            mask = scores > 0
            if alive is not None:
                mask &= alive
            for facet, value in filters.items():
                try:
                    code = seg.facet_values[facet].index(value)
                except ValueError:
                    mask[:] = False
                    break
                mask &= seg.facet_codes[facet] == code
            parts.append((seg, scores, mask))
        if res.exact:  # an exact 文号/索引号 match: only those records
            parts = [(s, sc, m & (sc >= EXACT_SCORE)) for s, sc, m in parts]
        res.total = int(sum(int(m.sum()) for _, _, m in parts))
        if facets:
            res.facets = self._facets(parts)
        need = page * per_page
        # versions of one article (same title and article number, e.g. a law and its superseded
        # text) collapse to the best-scoring one: fetch extra candidates to fill the page
        fetch = need * 3 + 10
        cands: list[tuple[float, int, Segment, int]] = []
        for seg, scores, mask in parts:
            idx = np.flatnonzero(mask)
            if idx.size == 0:
                continue
            if sort == "date":
                key = seg.dates[idx].astype(np.float64) + scores[idx] / (EXACT_SCORE * 10)
            else:
                key = scores[idx].astype(np.float64)
            if idx.size > fetch:
                top = np.argpartition(-key, fetch - 1)[:fetch]
                idx, key = idx[top], key[top]
            cands.extend((float(k), -int(i), seg, int(i)) for k, i in zip(key, idx, strict=True))
        cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
        seen: set[tuple[str, str | None, str]] = set()
        picked = []
        for c in cands:
            rec = c[2].records[c[3]]
            ck = (rec.title, rec.article, "" if rec.article else rec.id)
            if ck in seen:
                continue
            seen.add(ck)
            picked.append(c)
            if len(picked) >= need:
                break
        terms = [*aq.words, *aq.grams, *(p for ps in aq.syn_phrases for p in ps)]
        for _, _, seg, pos in picked[(page - 1) * per_page : need]:
            rec = seg.records[pos]
            snippet = make_snippet(rec.body, terms) if snippets else ""
            res.hits.append(
                Hit(
                    rec.id,
                    rec.title,
                    rec.url,
                    rec.article,
                    snippet,
                    float(parts_score(parts, seg, pos)),
                    rec.metadata,
                )
            )
        if res.total == 0 and query.strip():
            res.suggestion = self.suggest(query)
        return res

    def _idf(self, name: str, token: str) -> float:
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

    def _score(self, seg: Segment, aq: analysis.AnalysedQuery) -> np.ndarray:
        scores = np.zeros(len(seg), dtype=np.float32)
        gscores = np.zeros(seg.n_groups, dtype=np.float32)
        plan = (
            ("bw", aq.words, 1.0, scores),
            ("bg", aq.grams, 1.0, scores),
            ("tw", aq.words, 1.0, gscores),
            ("tg", aq.grams, 1.0, gscores),
        )
        matched = np.zeros(len(seg), dtype=np.float32) if COORD else None
        for name, tokens, weight, target in plan:
            if not tokens or not FIELD_WEIGHTS[name]:
                continue
            p = seg.postings[name]
            for tok, qtf in Counter(tokens).items():
                got = p.get(tok)
                if got is None:
                    continue
                w = FIELD_WEIGHTS[name] * weight * qtf * self._idf(name, tok)
                docs, imp = got
                target[docs] += np.float32(w) * imp
                if matched is not None and name == "bw" and weight == 1.0:
                    matched[docs] += np.float32(min(qtf, 1) * min(self._idf(name, tok), 4.0))
        bw = seg.postings["bw"]
        for pieces in aq.syn_phrases:
            got_all = [bw.get(p) for p in pieces]
            if any(g is None for g in got_all):
                continue
            lists = [g for g in got_all if g is not None]
            common = lists[0][0]
            for docs, _ in lists[1:]:
                common = np.intersect1d(common, docs, assume_unique=True)
            if common.size == 0:
                continue
            for piece, (docs, imp) in zip(pieces, lists, strict=True):
                keep = np.isin(docs, common, assume_unique=True)
                w = FIELD_WEIGHTS["bw"] * SYNONYM_WEIGHT * self._idf("bw", piece)
                scores[docs[keep]] += np.float32(w) * imp[keep]
        if seg.n_groups:
            # articles: the title counts only where the body matched too
            gate = np.where(seg.is_article, scores > 0, True)
            scores += gscores[seg.group_of] * seg.title_scale * gate
        scores *= seg.boost
        if matched is not None and aq.words:
            total = sum(min(self._idf("bw", t), 4.0) for t in set(aq.words)) or 1.0
            scores *= (1.0 + matched / np.float32(total)) ** COORD
        if GROUP_VOTE and seg.n_groups:
            top = float(scores.max())
            if top > 0:
                # each document's support: the sum of its articles' squared relative scores
                rel = scores / np.float32(top)
                raw = np.bincount(seg.group_of, weights=rel * rel, minlength=seg.n_groups)
                support = np.minimum(raw, 3.0).astype(np.float32) / np.float32(3.0)
                scores *= 1.0 + np.float32(GROUP_VOTE) * support[seg.group_of]
        return scores

    def _facets(self, parts: list[tuple[Segment, np.ndarray, np.ndarray]]) -> dict[str, Any]:
        out: dict[str, list[tuple[str, int]]] = {}
        for facet in FACETS:
            counts: Counter[str] = Counter()
            for seg, _, mask in parts:
                col = seg.facet_codes[facet][mask]
                if col.size == 0:
                    continue
                bc = np.bincount(col, minlength=len(seg.facet_values[facet]))
                for code in np.flatnonzero(bc):
                    if code:
                        counts[seg.facet_values[facet][code]] += int(bc[code])
            if counts:
                out[facet] = counts.most_common(20)
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


def parts_score(
    parts: list[tuple[Segment, np.ndarray, np.ndarray]], seg: Segment, pos: int
) -> float:
    for s, scores, _ in parts:
        if s is seg:
            val = float(scores[pos])
            return val - EXACT_SCORE if val >= EXACT_SCORE else val
    return 0.0
