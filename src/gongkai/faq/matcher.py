"""The question box's matcher: which FAQ entries answer what a person is typing.

Lexical, on the search app's analysis (search.analysis: the same normalisation, rjieba words
with the government-term dictionary, character bigrams, stop words and synonyms), scored with
BM25 per field and summed with field weights (BM25F-like): an entry's own question weighs most,
its keywords next, its answer least. Words and bigrams are separate term spaces, so a
two-character word the segmenter splits differently is still found through its bigram.

Built in memory from (id, question, keywords, answer) rows: a knowledge base of a few thousand
entries builds in well under a second and answers a query in a few milliseconds (bench/faq.py,
docs/benchmarks.md). selectors.public_matcher keeps one per process, rebuilt when the published
set changes.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.search import analysis

K1 = 1.2
B = 0.75
# field -> weight; a field is matched on words ("w") and on bigrams ("g")
FIELD_WEIGHTS: dict[str, float] = {"question": 3.0, "keywords": 2.0, "answer": 1.0}
GRAM_WEIGHT = 0.6  # a bigram hit counts less than a whole-word hit
SYNONYM_WEIGHT = 0.5


@dataclass(frozen=True)
class KbRow:
    id: object
    question: str
    keywords: str
    answer: str


def doc_terms(text: str) -> tuple[list[str], list[str]]:
    norm = analysis.normalize(text)
    return analysis.words(norm), analysis.grams(norm)


def query_terms(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """Query words and bigrams with their weights (synonym expansions weigh less)."""
    aq = analysis.analyse_query(text)
    w: dict[str, float] = dict.fromkeys(aq.words, 1.0)
    g: dict[str, float] = dict.fromkeys(aq.grams, 1.0)
    for phrase in aq.syn_phrases:
        for t in phrase:
            w[t] = max(w.get(t, 0.0), SYNONYM_WEIGHT)
            for gg in analysis.grams(t):
                g[gg] = max(g.get(gg, 0.0), SYNONYM_WEIGHT)
    return w, g


class _Field:
    """Postings of one field and one term space: term -> [(row index, tf)], lengths."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.n = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avg = (sum(self.lengths) / self.n) if self.n else 0.0
        post: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, toks in enumerate(docs):
            for t, c in Counter(toks).items():
                post[t].append((i, c))
        self.postings = dict(post)

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def add_scores(self, terms: dict[str, float], weight: float, out: list[float]) -> None:
        if not self.avg:
            return
        for t, qw in terms.items():
            plist = self.postings.get(t)
            if not plist:
                continue
            idf = self.idf(t) * weight * qw
            for i, tf in plist:
                norm = K1 * (1 - B + B * self.lengths[i] / self.avg)
                out[i] += idf * tf * (K1 + 1) / (tf + norm)


@dataclass(frozen=True)
class Match:
    id: object
    score: float


class FaqMatcher:
    def __init__(self, rows: Iterable[KbRow]) -> None:
        self.rows = list(rows)
        self.fields: list[tuple[_Field, float]] = []
        for name, weight in FIELD_WEIGHTS.items():
            ws, gs = [], []
            for r in self.rows:
                w, g = doc_terms(getattr(r, name))
                ws.append(w)
                gs.append(g)
            self.fields.append((_Field(ws), weight))
            self.fields.append((_Field(gs), weight * GRAM_WEIGHT))
        self._word_fields = self.fields[0::2]
        self._gram_fields = self.fields[1::2]

    def __len__(self) -> int:
        return len(self.rows)

    def search(self, text: str, *, limit: int = 5) -> list[Match]:
        text = text.strip()
        if not text or not self.rows:
            return []
        w, g = query_terms(text)
        scores = [0.0] * len(self.rows)
        for f, weight in self._word_fields:
            f.add_scores(w, weight, scores)
        for f, weight in self._gram_fields:
            f.add_scores(g, weight, scores)
        best = sorted((i for i in range(len(scores)) if scores[i] > 0), key=lambda i: -scores[i])[
            :limit
        ]
        return [Match(self.rows[i].id, scores[i]) for i in best]
