"""An immutable index segment: columnar postings with precomputed BM25 impacts (numpy).

A segment is built once from records and never changed; updates go to a small delta segment
and a tombstone set (see engine.py), and ``gongkai search rebuild`` merges everything again.
It serialises to one ``.npz`` blob (no pickle) so it can live in a file (embedded deployment)
or in a PostgreSQL ``bytea`` row (server deployment).
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gongkai.search import analysis

K1 = 1.2
B = 0.75

# the fields of a segment: per record (body) and per group (the parent document's title)
RECORD_FIELDS = ("bw", "bg")
GROUP_FIELDS = ("tw", "tg")
ALL_FIELDS = (*RECORD_FIELDS, *GROUP_FIELDS)
ARTICLE_TITLE_SCALE = 0.05
FACETS = ("content_type", "organ", "doc_type", "topic", "validity", "year")


@dataclass
class Record:
    """One searchable unit: a document, or an article of a long document.

    ``group`` ties the articles of one document together (its title is indexed once per group);
    ``metadata`` may carry doc_number (发文字号), index_number (索引号), date (ISO), the facets in
    FACETS, and ``boost`` (a prior, e.g. by legal rank; 1.0 by default).
    """

    id: str
    title: str
    url: str
    body: str
    article: str | None = None
    group: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> list[Any]:
        return [self.id, self.title, self.url, self.body, self.article, self.group, self.metadata]

    @classmethod
    def from_json(cls, row: list[Any]) -> Record:
        return cls(*row)


@dataclass
class Postings:
    vocab: dict[str, int]
    offsets: np.ndarray  # int64, len(vocab)+1
    docs: np.ndarray  # int32
    impacts: np.ndarray  # float32, BM25 tf part

    def df(self, tid: int) -> int:
        return int(self.offsets[tid + 1] - self.offsets[tid])

    def get(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        tid = self.vocab.get(token)
        if tid is None:
            return None
        s, e = int(self.offsets[tid]), int(self.offsets[tid + 1])
        return self.docs[s:e], self.impacts[s:e]


def build_postings(token_lists: Iterable[Sequence[str]], n_docs: int) -> Postings:
    vocab: defaultdict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__
    flat: list[int] = []
    lengths = np.zeros(n_docs, dtype=np.int64)
    for i, toks in enumerate(token_lists):
        flat.extend(map(vocab.__getitem__, toks))
        lengths[i] = len(toks)
    term_ids = np.asarray(flat, dtype=np.int64)
    doc_ids = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    keys = term_ids * n_docs + doc_ids
    uniq, tf = np.unique(keys, return_counts=True)
    terms = uniq // max(n_docs, 1)
    docs = (uniq % max(n_docs, 1)).astype(np.int32)
    offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(terms, minlength=len(vocab)), out=offsets[1:])
    avgdl = float(lengths.mean()) if n_docs else 1.0
    dl = lengths[docs].astype(np.float32)
    tf32 = tf.astype(np.float32)
    impacts = tf32 * (K1 + 1) / (tf32 + K1 * (1 - B + B * dl / max(avgdl, 1e-6)))
    return Postings(dict(vocab), offsets, docs, impacts.astype(np.float32))


class Segment:
    """Records + postings for the record fields and the group fields + facet codes."""

    def __init__(
        self,
        records: list[Record],
        postings: dict[str, Postings],
        group_of: np.ndarray,
        n_groups: int,
        boost: np.ndarray,
        dates: np.ndarray,
        facet_codes: dict[str, np.ndarray],
        facet_values: dict[str, list[str]],
    ) -> None:
        self.records = records
        self.postings = postings
        self.group_of = group_of
        self.n_groups = n_groups
        self.boost = boost
        self.dates = dates
        self.facet_codes = facet_codes
        self.facet_values = facet_values
        self.id_pos = {r.id: i for i, r in enumerate(records)}
        # facets whose column holds one code for every record (e.g. one content type for a
        # whole corpus): counted without looking at the records
        self.facet_single: dict[str, int] = {}
        for facet, col in facet_codes.items():
            if col.size and int(col.min()) == int(col.max()):
                self.facet_single[facet] = int(col[0])
        # the other facets' columns side by side, one row per record, so that one pass over
        # the results counts them all (kernel.facet_tops); two bytes a code where they fit
        self.facet_varying = tuple(f for f in FACETS if f not in self.facet_single)
        self.facet_sizes = np.array([len(facet_values[f]) for f in self.facet_varying], np.int64)
        # facet → (its column in facet_rows, where its counts start in kernel.facet_table's)
        starts = [0, *np.cumsum(self.facet_sizes).tolist()]
        self.facet_column = {f: (i, starts[i]) for i, f in enumerate(self.facet_varying)}
        narrow = all(s <= 1 << 16 for s in self.facet_sizes)
        self.facet_rows = np.zeros(
            (len(records), len(self.facet_varying)), dtype=np.uint16 if narrow else np.int32
        )
        for f, facet in enumerate(self.facet_varying):
            self.facet_rows[:, f] = facet_codes[facet]
        # an article only borrows its document's title as context; a whole document owns it
        # (the title scale, 1 or ARTICLE_TITLE_SCALE, is applied by kernel.score_segment)
        self.is_whole = np.array([not r.article for r in records], dtype=bool)
        self.has_whole = bool(self.is_whole.any())
        # what kernel.score_segment reads per record, in as few bytes as it can: the group in
        # two bytes where they suffice, the prior as a one-byte code into its few values
        self.group_idx = group_of.astype(np.uint16 if n_groups <= 1 << 16 else np.int32)
        priors, codes = np.unique(boost, return_inverse=True)
        if priors.size <= 256:
            self.boost_code, self.boost_value = codes.astype(np.uint8), priors.astype(np.float32)
        else:
            self.boost_code = np.arange(len(records), dtype=np.int32)
            self.boost_value = boost.astype(np.float32)
        # the postings of every field, in the order kernel.score_segment takes them
        self.posting_docs = tuple(
            np.ascontiguousarray(postings[f].docs, dtype=np.int32) for f in ALL_FIELDS
        )
        self.posting_impacts = tuple(
            np.ascontiguousarray(postings[f].impacts, dtype=np.float32) for f in ALL_FIELDS
        )
        # the groups (documents): the first record of each, its key, whether its records lie
        # side by side (then one record per group is found in one pass), its source's kind
        # (decision 0008: the site's own before the reference library) and its title as
        # compared for a title match (analysis.title_key), bucketed by length
        self.is_library = np.array(
            [r.metadata.get("source_kind") == "library" for r in records], dtype=bool
        )
        self.has_library = bool(self.is_library.any())
        n = len(records)
        if n:
            _, first = np.unique(group_of, return_index=True)
        else:
            first = np.zeros(0, dtype=np.int64)
        self.group_first = first.astype(np.int64)
        self.group_keys = [records[i].group or records[i].id for i in self.group_first.tolist()]
        self.group_pos = {k: g for g, k in enumerate(self.group_keys)}
        runs = 1 + int(np.count_nonzero(np.diff(group_of))) if n else 0
        self.groups_contiguous = runs == n_groups
        self.group_is_library = self.is_library[self.group_first]
        self.title_by_length: dict[int, list[tuple[str, int]]] = {}
        for g, i in enumerate(self.group_first.tolist()):
            key = analysis.title_key(records[i].title)
            if key:
                self.title_by_length.setdefault(len(key), []).append((key, g))
        self.exact: dict[str, list[int]] = {}
        for i, r in enumerate(records):
            for key in ("doc_number", "index_number"):
                val = r.metadata.get(key)
                if val:
                    self.exact.setdefault(analysis.normalize_exact(str(val)), []).append(i)

    def __len__(self) -> int:
        return len(self.records)

    @classmethod
    def build(
        cls, records: Iterable[Record], progress: Callable[[int], None] | None = None
    ) -> Segment:
        recs: list[Record] = []
        bw: list[list[str]] = []
        bg: list[list[str]] = []
        group_ids: dict[str, int] = {}
        group_of: list[int] = []
        group_titles: list[str] = []
        for r in records:
            text = analysis.normalize(r.body)
            recs.append(r)
            bw.append(analysis.words(text))
            bg.append(analysis.grams(text))
            gkey = r.group or r.id
            if gkey not in group_ids:
                group_ids[gkey] = len(group_titles)
                group_titles.append(analysis.normalize(r.title))
            group_of.append(group_ids[gkey])
            if progress and len(recs) % 1000 == 0:
                progress(1000)
        if progress:
            progress(len(recs) % 1000)
        n, g = len(recs), len(group_titles)
        postings = {
            "bw": build_postings(bw, n),
            "bg": build_postings(bg, n),
            "tw": build_postings([analysis.words(t) for t in group_titles], g),
            "tg": build_postings([analysis.grams(t) for t in group_titles], g),
        }
        boost = np.array([float(r.metadata.get("boost", 1.0)) for r in recs], dtype=np.float32)
        dates = np.array(
            [int(str(r.metadata.get("date") or "0")[:10].replace("-", "") or 0) for r in recs],
            dtype=np.int64,
        )
        codes: dict[str, np.ndarray] = {}
        values: dict[str, list[str]] = {}
        for facet in FACETS:
            table: dict[str, int] = {"": 0}
            col = [table.setdefault(str(r.metadata.get(facet) or ""), len(table)) for r in recs]
            codes[facet] = np.array(col, dtype=np.int32)
            values[facet] = list(table)
        return cls(
            recs, postings, np.array(group_of, dtype=np.int32), g, boost, dates, codes, values
        )

    # -- serialisation -------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {
            "group_of": self.group_of,
            "boost": self.boost,
            "dates": self.dates,
        }
        meta: dict[str, Any] = {
            "n_groups": self.n_groups,
            "records": [r.to_json() for r in self.records],
            "facet_values": self.facet_values,
            "vocab": {},
        }
        for name, p in self.postings.items():
            arrays[f"{name}_offsets"] = p.offsets
            arrays[f"{name}_docs"] = p.docs
            arrays[f"{name}_impacts"] = p.impacts
            meta["vocab"][name] = list(p.vocab)
        for facet, col in self.facet_codes.items():
            arrays[f"facet_{facet}"] = col
        raw = json.dumps(meta, ensure_ascii=False).encode()
        arrays["meta"] = np.frombuffer(raw, dtype=np.uint8)
        buf = io.BytesIO()
        np.savez(buf, allow_pickle=False, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Segment:
        z = np.load(io.BytesIO(blob), allow_pickle=False)
        meta = json.loads(z["meta"].tobytes().decode())
        postings = {}
        for name in (*RECORD_FIELDS, *GROUP_FIELDS):
            vocab = {t: i for i, t in enumerate(meta["vocab"][name])}
            postings[name] = Postings(
                vocab, z[f"{name}_offsets"], z[f"{name}_docs"], z[f"{name}_impacts"]
            )
        return cls(
            [Record.from_json(r) for r in meta["records"]],
            postings,
            z["group_of"],
            int(meta["n_groups"]),
            z["boost"],
            z["dates"],
            {f: z[f"facet_{f}"] for f in FACETS},
            meta["facet_values"],
        )
