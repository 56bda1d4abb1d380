"""The question box's matcher: which FAQ entries answer what a person is typing.

Lexical, on the search app's analysis (search.analysis: the same normalisation, rjieba words
with the government-term dictionary, character bigrams, stop words and synonyms), scored with
BM25 per field and term space, summed with weights (BM25F-like). Fields: the entry's question
(weighs most), its keywords, its answer. Term spaces: words (stop words out, synonyms in at half
weight), character bigrams of the whole question (across stop words: “能否收回” still gives 收回),
and single characters at a fifth of the weight. Every weight was chosen on the even half of
LeCoQA's training questions and checked once on the odd half (bench/faq.py --split,
docs/benchmarks.md, decision 0014).

Built in memory from (id, question, keywords, answer) rows with BM25 impacts precomputed per
term (numpy), so a query only adds a few arrays: a few milliseconds for a knowledge base of
thousands. selectors.public_matcher keeps one per process, rebuilt when the published set
changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from gongkai.search import analysis

K1 = 1.2
B = 0.9  # answers vary a lot in length; a long one should not win by mentioning everything
# field -> weight; each field is matched on words ("w"), character bigrams ("g") and single
# characters ("u", weak: they catch one-character words such as 房, 车, 死 that carry meaning)
FIELD_WEIGHTS: dict[str, float] = {"question": 2.0, "keywords": 1.0, "answer": 1.0}
SPACE_WEIGHTS: dict[str, float] = {"w": 1.0, "g": 1.0, "u": 0.2}
SYNONYM_WEIGHT = 0.5


@dataclass(frozen=True)
class KbRow:
    id: object
    question: str
    keywords: str
    answer: str


def unigrams(text: str) -> list[str]:
    """Single Chinese characters and whole latin/digit runs."""
    out: list[str] = []
    for m in analysis._RUN.finditer(text):
        run = m.group()
        out.extend([run] if run[0].isascii() else list(run))
    return out


def doc_terms(text: str) -> dict[str, list[str]]:
    norm = analysis.normalize(text)
    return {"w": analysis.words(norm), "g": analysis.grams(norm), "u": unigrams(norm)}


def query_terms(text: str) -> dict[str, dict[str, float]]:
    """The query's terms per space with their weights. Words leave out the everyday question
    words (search.analysis stop words); bigrams and characters are taken from the whole
    question, across those words too (“能否收回” keeps 否收, 收回); synonym expansions weigh
    less."""
    aq = analysis.analyse_query(text)
    w: dict[str, float] = dict.fromkeys(aq.words, 1.0)
    g: dict[str, float] = dict.fromkeys(analysis.grams(aq.text), 1.0)
    for phrase in aq.syn_phrases:
        for t in phrase:
            w[t] = max(w.get(t, 0.0), SYNONYM_WEIGHT)
            for gg in analysis.grams(t):
                g[gg] = max(g.get(gg, 0.0), SYNONYM_WEIGHT)
    return {"w": w, "g": g, "u": dict.fromkeys(unigrams(aq.text), 1.0)}


class _Field:
    """One field in one term space: per term, the rows holding it and their BM25 impacts
    (idf × saturated, length-normalised tf), precomputed so a query only adds arrays."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.n = len(docs)
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        vocab: dict[str, int] = {}
        term_ids: list[int] = []
        doc_ids: list[int] = []
        tfs: list[int] = []
        lengths = np.zeros(self.n, dtype=np.float32)
        for i, toks in enumerate(docs):
            lengths[i] = len(toks)
            for t, c in Counter(toks).items():
                term_ids.append(vocab.setdefault(t, len(vocab)))
                doc_ids.append(i)
                tfs.append(c)
        if not term_ids:
            return
        tid = np.asarray(term_ids, dtype=np.int32)
        did = np.asarray(doc_ids, dtype=np.int32)
        tf = np.asarray(tfs, dtype=np.float32)
        df = np.bincount(tid, minlength=len(vocab)).astype(np.float32)
        idf = np.log(1 + (self.n - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * lengths[did] / float(lengths.mean()))
        impact = (idf[tid] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
        order = np.argsort(tid, kind="stable")
        bounds = np.searchsorted(tid[order], np.arange(len(vocab) + 1))
        did, impact = did[order], impact[order]
        for t, j in vocab.items():
            a, b = bounds[j], bounds[j + 1]
            self.postings[t] = (did[a:b], impact[a:b])

    def add_scores(self, terms: dict[str, float], weight: float, out: np.ndarray) -> None:
        for t, qw in terms.items():
            hit = self.postings.get(t)
            if hit is not None:
                out[hit[0]] += hit[1] * (weight * qw)


@dataclass(frozen=True)
class Match:
    id: object
    score: float


class FaqMatcher:
    def __init__(self, rows: Iterable[KbRow]) -> None:
        self.rows = list(rows)
        self.fields: list[tuple[str, _Field, float]] = []
        for name, weight in FIELD_WEIGHTS.items():
            terms = [doc_terms(getattr(r, name)) for r in self.rows]
            for space, sw in SPACE_WEIGHTS.items():
                self.fields.append((space, _Field([t[space] for t in terms]), weight * sw))

    def __len__(self) -> int:
        return len(self.rows)

    def search(self, text: str, *, limit: int = 5) -> list[Match]:
        text = text.strip()
        if not text or not self.rows:
            return []
        q = query_terms(text)
        scores = np.zeros(len(self.rows), dtype=np.float32)
        for space, f, weight in self.fields:
            f.add_scores(q[space], weight, scores)
        k = min(limit, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Match(self.rows[i].id, float(scores[i])) for i in top if scores[i] > 0]
