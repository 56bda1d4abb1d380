"""An immutable index segment: columnar postings with precomputed BM25 impacts (numpy), held
in one flat buffer that every process maps read-only (issue 20, decision 0017).

A segment is built once from records and never changed; updates go to a small delta segment
and a tombstone set (see engine.py), and ``gongkai search rebuild`` merges everything again.

Everything a search reads — the postings, the per-record columns, the records' texts, the
vocabularies and the look-ups by id, group, 发文字号 and title — lies in one buffer of numpy
arrays and UTF-8 string tables with a JSON header (``Layout``). A snapshot is that buffer
written to a file (``Segment.write``); ``Segment.open`` maps the file read-only, so every
worker of a machine shares the same pages through the page cache and a worker's own memory
does not grow with the corpus. Strings are found by a sorted table of 64-bit hashes (BLAKE2b)
searched in place; nothing is unpacked into Python objects when a snapshot is opened.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import mmap
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

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
# facets a record may carry several values of (a policy's tags: 企业 and 小型 and 资金补贴), from
# the record's metadata under the facet's name as a list; stored per record as a run of codes
MULTI_FACETS = ("tag",)
ALL_FACETS = (*FACETS, *MULTI_FACETS)
MAGIC = b"GKSEG002"
ALIGN = 64
BUILD_CHUNK = 20_000  # records tokenised and counted at a time while building

Buffer = bytes | bytearray | mmap.mmap


@dataclass
class Record:
    """One searchable unit: a document, or an article of a long document.

    ``group`` ties the articles of one document together (its title is indexed once per group);
    ``metadata`` may carry doc_number (发文字号), index_number (索引号), date (ISO), the facets in
    FACETS (one value each), lists of values for MULTI_FACETS, and ``boost`` (a prior, e.g. by legal rank; 1.0 by default).
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


# -- flat string tables ---------------------------------------------------------------------
def _hash(raw: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "little")


class Strings:
    """``n`` strings in one UTF-8 buffer: string ``i`` is ``buf[base + off[i]:base + off[i+1]]``."""

    __slots__ = ("_base", "_buf", "_off")

    def __init__(self, buf: Buffer, base: int, off: memoryview) -> None:
        self._buf, self._base, self._off = buf, base, off

    def __len__(self) -> int:
        return len(self._off) - 1

    def raw(self, i: int) -> bytes:
        base, off = self._base, self._off
        return bytes(self._buf[base + off[i] : base + off[i + 1]])

    def __getitem__(self, i: int) -> str:
        base, off = self._base, self._off
        return self._buf[base + off[i] : base + off[i + 1]].decode()

    def __iter__(self) -> Iterator[str]:
        buf, base = self._buf, self._base
        offs = self._off.tolist()
        for a, b in itertools.pairwise(offs):
            yield buf[base + a : base + b].decode()


class Lookup:
    """Where a string is in a ``Strings`` table: the strings' hashes sorted, with their
    positions; a look-up is a binary search plus a comparison of the bytes."""

    __slots__ = ("_hashes", "_order", "strings")

    def __init__(self, strings: Strings, hashes: memoryview, order: memoryview) -> None:
        self.strings, self._hashes, self._order = strings, hashes, order

    def find_all(self, text: str) -> list[int]:
        raw = text.encode()
        h = _hash(raw)
        hashes, order, strings = self._hashes, self._order, self.strings
        i = bisect.bisect_left(hashes, h)
        out = []
        while i < len(hashes) and hashes[i] == h:
            j = order[i]
            if strings.raw(j) == raw:
                out.append(j)
            i += 1
        return out

    def find(self, text: str) -> int | None:
        got = self.find_all(text)
        return got[0] if got else None


class Vocab:
    """A field's vocabulary: token → term id (its position), as a mapping."""

    __slots__ = ("_lookup", "_strings")

    def __init__(self, strings: Strings, lookup: Lookup) -> None:
        self._strings, self._lookup = strings, lookup

    def get(self, token: str, default: int | None = None) -> int | None:
        got = self._lookup.find(token)
        return default if got is None else got

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and self._lookup.find(token) is not None

    def __len__(self) -> int:
        return len(self._strings)

    def __iter__(self) -> Iterator[str]:
        return iter(self._strings)

    def items(self) -> Iterator[tuple[str, int]]:
        return ((t, i) for i, t in enumerate(self._strings))


class Positions:
    """A string → positions look-up (ids → record, group keys → group, 发文字号 → records)."""

    __slots__ = ("_lookup", "_values")

    def __init__(self, lookup: Lookup, values: memoryview | None) -> None:
        self._lookup, self._values = lookup, values

    def get(self, key: str, default: Any = None) -> Any:
        got = self._lookup.find_all(key)
        if not got:
            return default
        at = max(got)  # a key given twice: the later one, as a dict would keep it
        return at if self._values is None else self._values[at]

    def __getitem__(self, key: str) -> int:
        got = self.get(key)
        if got is None:
            raise KeyError(key)
        return int(got)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup.find(key) is not None

    def __len__(self) -> int:
        return len(self._lookup.strings)


class ExactIndex:
    """发文字号/索引号 (normalised) → the positions of the records carrying it, ascending."""

    __slots__ = ("_lookup", "_positions")

    def __init__(self, lookup: Lookup, positions: memoryview) -> None:
        self._lookup, self._positions = lookup, positions

    def get(self, key: str, default: Any = None) -> Any:
        got = self._lookup.find_all(key)
        if not got:
            return default
        return sorted(self._positions[j] for j in got)


class Records:
    """The records of a segment, read from the buffer as they are asked for."""

    __slots__ = ("_cols", "_flags", "_n")

    def __init__(self, cols: dict[str, Strings], flags: np.ndarray) -> None:
        self._cols, self._flags, self._n = cols, flags, len(flags)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> Record:
        c, f = self._cols, int(self._flags[i])
        return Record(
            c["id"][i],
            c["title"][i],
            c["url"][i],
            c["body"][i],
            None if f & 1 else c["article"][i],
            None if f & 2 else c["group"][i],
            json.loads(c["meta"][i]),
        )

    def __iter__(self) -> Iterator[Record]:
        for i in range(self._n):
            yield self[i]

    def rid(self, i: int) -> str:
        return self._cols["id"][i]

    def url(self, i: int) -> str:
        return self._cols["url"][i]

    def title(self, i: int) -> str:
        return self._cols["title"][i]

    def article(self, i: int) -> str | None:
        return None if int(self._flags[i]) & 1 else self._cols["article"][i]

    def body(self, i: int) -> str:
        return self._cols["body"][i]


class TitleKeys:
    """The documents' titles as compared for a title match (analysis.title_key), by length:
    the keys of one length lie side by side in the buffer, each followed by a NUL byte, so a
    query is found in all of them by one byte search (UTF-8 never matches inside a character)."""

    __slots__ = ("_base", "_buf", "_by_length", "_groups", "_starts")

    def __init__(
        self, buf: Buffer, base: int, starts: np.ndarray, groups: np.ndarray, by_length: np.ndarray
    ) -> None:
        self._buf, self._base = buf, base
        self._starts, self._groups, self._by_length = starts, groups, by_length

    def matches(self, tkey: str, longest: int) -> list[tuple[int, bool]]:
        """(group, whole title equal to ``tkey``) for every title of ``len(tkey)`` to
        ``longest`` characters that holds ``tkey``."""
        out: list[tuple[int, bool]] = []
        by_length = self._by_length
        lo_len, hi_len = len(tkey), min(longest, len(by_length) - 2)
        if lo_len > hi_len:
            return out
        first, last = int(by_length[lo_len]), int(by_length[hi_len + 1])
        if first == last:
            return out
        raw = tkey.encode()
        buf, base, starts = self._buf, self._base, self._starts
        end = base + int(starts[last])
        at = buf.find(raw, base + int(starts[first]), end)
        while at >= 0:
            k = int(np.searchsorted(starts, at - base, side="right")) - 1
            key_end = base + int(starts[k + 1]) - 1  # its NUL
            out.append(
                (int(self._groups[k]), at == base + int(starts[k]) and at + len(raw) == key_end)
            )
            at = buf.find(raw, key_end + 1, end)
        return out


# -- the layout of a segment's buffer -------------------------------------------------------
def _bytes_of(arr: np.ndarray) -> memoryview:
    """The bytes of a C-contiguous array, without a copy."""
    return arr.reshape(-1).view(np.uint8).data


class _Writer:
    """Collects arrays, then lays them out (64-byte aligned) after a JSON header."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.meta: dict[str, Any] = {}

    def add(self, name: str, arr: np.ndarray) -> None:
        self.arrays[name] = np.ascontiguousarray(arr)

    def strings(self, name: str, items: Iterable[str], *, hashed: bool = False) -> None:
        data = bytearray()
        offs = [0]
        hashes: list[int] = []
        for s in items:
            raw = s.encode()
            data += raw
            offs.append(len(data))
            if hashed:
                hashes.append(_hash(raw))
        self.add(f"{name}.off", np.asarray(offs, dtype=np.int64))
        self.add(f"{name}.data", np.frombuffer(bytes(data), dtype=np.uint8))
        if hashed:
            h = np.asarray(hashes, dtype=np.uint64)
            order = np.argsort(h, kind="stable")
            self.add(f"{name}.hash", h[order])
            self.add(f"{name}.order", order.astype(np.int64))

    def layout(self) -> tuple[bytes, list[tuple[int, np.ndarray]]]:
        entries: dict[str, list[Any]] = {}
        placed: list[tuple[int, np.ndarray]] = []
        at = 0
        for name, arr in self.arrays.items():
            at = -(-at // ALIGN) * ALIGN
            entries[name] = [arr.dtype.str, list(arr.shape), at]
            placed.append((at, arr))
            at += arr.nbytes
        head = json.dumps({"arrays": entries, "meta": self.meta, "size": at}).encode()
        start = -(-(len(MAGIC) + 8 + len(head)) // ALIGN) * ALIGN
        header = MAGIC + start.to_bytes(8, "little") + head
        header += b"\0" * (start - len(header))
        return header, [(start + off, arr) for off, arr in placed]

    def write_to(self, fh: BinaryIO) -> int:
        header, placed = self.layout()
        fh.write(header)
        pos = len(header)
        for off, arr in placed:
            if off > pos:
                fh.write(b"\0" * (off - pos))
            fh.write(_bytes_of(arr) if arr.nbytes else b"")
            pos = off + arr.nbytes
        return pos

    def to_buffer(self) -> bytearray:
        header, placed = self.layout()
        size = placed[-1][0] + placed[-1][1].nbytes if placed else len(header)
        buf = bytearray(size)
        buf[: len(header)] = header
        for off, arr in placed:
            buf[off : off + arr.nbytes] = _bytes_of(arr) if arr.nbytes else b""
        return buf


class _Reader:
    def __init__(self, buf: Buffer) -> None:
        if bytes(buf[: len(MAGIC)]) != MAGIC:
            raise ValueError("not a search segment (wrong format or version)")
        start = int.from_bytes(buf[len(MAGIC) : len(MAGIC) + 8], "little")
        head = json.loads(bytes(buf[len(MAGIC) + 8 : start]).rstrip(b"\0"))
        self.buf, self.start, self.meta = buf, start, head["meta"]
        self.entries: dict[str, list[Any]] = head["arrays"]
        self._view = memoryview(buf)

    def array(self, name: str) -> np.ndarray:
        dtype, shape, off = self.entries[name]
        count = int(np.prod(shape)) if shape else 1
        arr = np.frombuffer(self.buf, dtype=np.dtype(dtype), count=count, offset=self.start + off)
        arr = arr.reshape(shape)
        arr.flags.writeable = False
        return arr

    def view(self, name: str, fmt: str) -> memoryview:
        """The array as a memoryview of Python ints (fast scalar access)."""
        dtype, shape, off = self.entries[name]
        nbytes = int(np.prod(shape)) * np.dtype(dtype).itemsize
        at = self.start + off
        return self._view[at : at + nbytes].cast(fmt)  # type: ignore[call-overload]

    def strings(self, name: str) -> Strings:
        off = self.entries[f"{name}.data"][2]
        return Strings(self.buf, self.start + off, self.view(f"{name}.off", "q"))

    def lookup(self, name: str) -> Lookup:
        return Lookup(
            self.strings(name), self.view(f"{name}.hash", "Q"), self.view(f"{name}.order", "q")
        )


# -- postings -------------------------------------------------------------------------------
@dataclass
class Postings:
    vocab: Vocab
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


class _PostingsBuilder:
    """Postings built a chunk of records at a time: each chunk's (term, record, tf) triples by
    one ``np.unique``; at the end one stable sort by term keeps the records ascending within a
    term, so the result is the same as counting all records at once."""

    def __init__(self) -> None:
        vocab: defaultdict[str, int] = defaultdict()
        vocab.default_factory = vocab.__len__
        self.vocab = vocab
        self.n = 0
        self.terms: list[np.ndarray] = []
        self.docs: list[np.ndarray] = []
        self.tfs: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []

    def add(self, token_lists: Sequence[Sequence[str]]) -> None:
        m = len(token_lists)
        if not m:
            return
        flat: list[int] = []
        lengths = np.zeros(m, dtype=np.int64)
        for i, toks in enumerate(token_lists):
            flat.extend(map(self.vocab.__getitem__, toks))
            lengths[i] = len(toks)
        term_ids = np.asarray(flat, dtype=np.int64)
        doc_ids = np.repeat(np.arange(m, dtype=np.int64), lengths)
        uniq, tf = np.unique(term_ids * m + doc_ids, return_counts=True)
        self.terms.append((uniq // m).astype(np.int32))
        self.docs.append((uniq % m + self.n).astype(np.int32))
        self.tfs.append(tf.astype(np.int32))
        self.lengths.append(lengths)
        self.n += m

    def finish(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """(terms in id order, offsets, docs, impacts)."""
        n_docs = self.n
        lengths = np.concatenate(self.lengths) if self.lengths else np.zeros(0, dtype=np.int64)
        terms = np.concatenate(self.terms) if self.terms else np.zeros(0, dtype=np.int32)
        docs = np.concatenate(self.docs) if self.docs else np.zeros(0, dtype=np.int32)
        tf = np.concatenate(self.tfs) if self.tfs else np.zeros(0, dtype=np.int32)
        self.terms, self.docs, self.tfs = [], [], []
        if len(self.lengths) > 1:
            order = np.argsort(terms, kind="stable")
            terms, docs, tf = terms[order], docs[order], tf[order]
            del order
        offsets = np.zeros(len(self.vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(self.vocab)), out=offsets[1:])
        del terms
        avgdl = float(lengths.mean()) if n_docs else 1.0
        dl = lengths[docs].astype(np.float32)
        tf32 = tf.astype(np.float32)
        impacts = tf32 * (K1 + 1) / (tf32 + K1 * (1 - B + B * dl / max(avgdl, 1e-6)))
        return list(self.vocab), offsets, docs, impacts.astype(np.float32)


def build_postings(token_lists: Iterable[Sequence[str]], n_docs: int) -> Postings:
    """Postings of ``token_lists`` in one go (a small in-memory table: tests, tools)."""
    b = _PostingsBuilder()
    lists = list(token_lists)
    b.add(lists)
    terms, offsets, docs, impacts = b.finish()
    w = _Writer()
    w.strings("v", terms, hashed=True)
    r = _Reader(w.to_buffer())
    return Postings(Vocab(r.strings("v"), r.lookup("v")), offsets, docs, impacts)


class _StringsBuilder:
    """A string column appended record by record (UTF-8 bytes and offsets)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.offs = [0]

    def append(self, s: str) -> None:
        self.data += s.encode()
        self.offs.append(len(self.data))

    def put(self, w: _Writer, name: str) -> None:
        w.add(f"{name}.off", np.asarray(self.offs, dtype=np.int64))
        w.add(f"{name}.data", np.frombuffer(bytes(self.data), dtype=np.uint8))
        self.data = bytearray()


def _hash_column(w: _Writer, name: str) -> None:
    """Add the hash look-up of string column ``name`` (already added)."""
    off = w.arrays[f"{name}.off"].tolist()
    data = w.arrays[f"{name}.data"].tobytes()
    h = np.fromiter(
        (_hash(data[a:b]) for a, b in itertools.pairwise(off)),
        dtype=np.uint64,
        count=len(off) - 1,
    )
    order = np.argsort(h, kind="stable")
    w.add(f"{name}.hash", h[order])
    w.add(f"{name}.order", order.astype(np.int64))


# -- the segment ----------------------------------------------------------------------------
class Segment:
    """Records + postings for the record fields and the group fields + facet codes, read from
    one buffer (a bytearray when built in memory, a read-only map of a snapshot file)."""

    def __init__(self, buf: Buffer) -> None:
        r = _Reader(buf)
        self.buffer = buf
        meta = r.meta
        a = r.array
        self.n_groups = int(meta["n_groups"])
        self.postings = {
            f: Postings(
                Vocab(r.strings(f"{f}.vocab"), r.lookup(f"{f}.vocab")),
                a(f"{f}.offsets"),
                a(f"{f}.docs"),
                a(f"{f}.impacts"),
            )
            for f in ALL_FIELDS
        }
        self.records = Records(
            {
                c: r.strings(f"rec.{c}")
                for c in ("id", "title", "url", "body", "article", "group", "meta")
            },
            a("rec.flags"),
        )
        self.id_pos = Positions(r.lookup("rec.id"), None)
        self.group_of = a("group_of")
        self.boost = a("boost")
        self.dates = a("dates")
        self.facet_codes = {f: a(f"facet.{f}") for f in FACETS}
        self.facet_values: dict[str, list[str]] = meta["facet_values"]
        # facets whose column holds one code for every record (e.g. one content type for a
        # whole corpus): counted without looking at the records
        self.facet_single: dict[str, int] = meta["facet_single"]
        # the other facets' columns side by side, one row per record, so that one pass over
        # the results counts them all (kernel.facet_tops); two bytes a code where they fit
        self.facet_varying = tuple(f for f in FACETS if f not in self.facet_single)
        self.facet_sizes = np.array(
            [len(self.facet_values[f]) for f in self.facet_varying], np.int64
        )
        # facet → (its column in facet_rows, where its counts start in kernel.facet_table's)
        starts = [0, *np.cumsum(self.facet_sizes).tolist()]
        self.facet_column = {f: (i, starts[i]) for i, f in enumerate(self.facet_varying)}
        self.facet_rows = a("facet_rows")
        # the multi-valued facets: record p's codes are codes[offsets[p]:offsets[p + 1]] (a
        # segment written before they existed has none)
        self.multi_values: dict[str, list[str]] = meta.get("multi_values", {})
        # (offsets, codes, whether the record has any: most records, a library's articles,
        # have none, and the results are narrowed to those that do before the runs are read)
        self.multi: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {
            f: (a(f"multi.{f}.offsets"), a(f"multi.{f}.codes"), a(f"multi.{f}.any"))
            for f in MULTI_FACETS
            if f"multi.{f}.offsets" in r.entries
        }
        # an article only borrows its document's title as context; a whole document owns it
        # (the title scale, 1 or ARTICLE_TITLE_SCALE, is applied by kernel.score_segment)
        self.is_whole = a("is_whole")
        self.has_whole = bool(meta["has_whole"])
        # what kernel.score_segment reads per record, in as few bytes as it can: the group in
        # two bytes where they suffice, the prior as a one-byte code into its few values
        self.group_idx = a("group_idx")
        self.boost_code, self.boost_value = a("boost_code"), a("boost_value")
        # the postings of every field, in the order kernel.score_segment takes them
        self.posting_docs = tuple(self.postings[f].docs for f in ALL_FIELDS)
        self.posting_impacts = tuple(self.postings[f].impacts for f in ALL_FIELDS)
        # the groups (documents): the first record of each, its key, whether its records lie
        # side by side (then one record per group is found in one pass), its source's kind
        # (decision 0008: the site's own before the reference library) and its title as
        # compared for a title match (analysis.title_key), by length
        self.is_library = a("is_library")
        self.has_library = bool(meta["has_library"])
        self.group_first = a("group_first")
        self.group_keys = r.strings("group_key")
        self.group_pos = Positions(r.lookup("group_key"), None)
        self.groups_contiguous = bool(meta["groups_contiguous"])
        self.group_is_library = a("group_is_library")
        tk = r.entries["title.data"][2]
        self.titles = TitleKeys(
            buf, r.start + tk, a("title.off"), a("title.group"), a("title.by_length")
        )
        self.exact = ExactIndex(r.lookup("exact"), r.view("exact.pos", "q"))

    def __len__(self) -> int:
        return len(self.records)

    # -- building ------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        records: Iterable[Record],
        progress: Callable[[int], None] | None = None,
        path: Path | None = None,
    ) -> Segment:
        """A segment of ``records``, in memory; with ``path``, written to that file (a new
        file: see ``write``) and opened from it."""
        w = _build(records, progress)
        if path is None:
            return cls(w.to_buffer())
        _write_file(path, w.write_to)
        return cls.open(path)

    def write(self, path: Path) -> None:
        """The segment's buffer to the file ``path`` (written under a temporary name and
        renamed: a reader sees the whole file or none)."""
        buf = self.buffer
        _write_file(path, lambda fh: fh.write(buf))

    @classmethod
    def open(cls, path: Path) -> Segment:
        """The segment of a snapshot file, mapped read-only: the operating system's page cache
        holds one copy for every process that opens it."""
        with open(path, "rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return cls(mm)

    # -- serialisation (the server deployment's database copy) ---------------------------
    def to_bytes(self) -> bytes:
        return bytes(self.buffer)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Segment:
        return cls(blob)

    @staticmethod
    def legacy_records(blob: bytes) -> list[Record]:
        """The records of a snapshot stored before decision 0017 (one ``.npz``), to build it
        again in this layout."""
        import io

        z = np.load(io.BytesIO(blob), allow_pickle=False)
        meta = json.loads(z["meta"].tobytes().decode())
        return [Record.from_json(r) for r in meta["records"]]


def _write_file(path: Path, write: Callable[[BinaryIO], Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _build(records: Iterable[Record], progress: Callable[[int], None] | None) -> _Writer:
    cols = {
        c: _StringsBuilder() for c in ("id", "title", "url", "body", "article", "group", "meta")
    }
    flags: list[int] = []
    bw, bg = _PostingsBuilder(), _PostingsBuilder()
    chunk_w: list[list[str]] = []
    chunk_g: list[list[str]] = []
    group_ids: dict[str, int] = {}
    group_of: list[int] = []
    group_titles: list[str] = []
    boosts: list[float] = []
    dates: list[int] = []
    tables: dict[str, dict[str, int]] = {f: {"": 0} for f in FACETS}
    codes: dict[str, list[int]] = {f: [] for f in FACETS}
    multi_tables: dict[str, dict[str, int]] = {f: {"": 0} for f in MULTI_FACETS}
    multi_codes: dict[str, list[int]] = {f: [] for f in MULTI_FACETS}
    multi_offsets: dict[str, list[int]] = {f: [0] for f in MULTI_FACETS}
    is_whole: list[bool] = []
    is_library: list[bool] = []
    exact_keys: list[str] = []
    exact_pos: list[int] = []
    n = 0
    for r in records:
        text = analysis.normalize(r.body)
        chunk_w.append(analysis.words(text))
        chunk_g.append(analysis.grams(text))
        if len(chunk_w) >= BUILD_CHUNK:
            bw.add(chunk_w)
            bg.add(chunk_g)
            chunk_w, chunk_g = [], []
        cols["id"].append(r.id)
        cols["title"].append(r.title)
        cols["url"].append(r.url)
        cols["body"].append(r.body)
        cols["article"].append(r.article or "")
        cols["group"].append(r.group or "")
        cols["meta"].append(json.dumps(r.metadata, ensure_ascii=False))
        flags.append((r.article is None) | ((r.group is None) << 1))
        gkey = r.group or r.id
        if gkey not in group_ids:
            group_ids[gkey] = len(group_titles)
            group_titles.append(r.title)
        group_of.append(group_ids[gkey])
        meta = r.metadata
        boosts.append(float(meta.get("boost", 1.0)))
        dates.append(int(str(meta.get("date") or "0")[:10].replace("-", "") or 0))
        for facet in FACETS:
            table = tables[facet]
            codes[facet].append(table.setdefault(str(meta.get(facet) or ""), len(table)))
        for facet in MULTI_FACETS:
            table = multi_tables[facet]
            got = meta.get(facet) or ()
            own = dict.fromkeys(str(v) for v in (got if isinstance(got, list | tuple) else [got]))
            multi_codes[facet].extend(table.setdefault(v, len(table)) for v in own if v)
            multi_offsets[facet].append(len(multi_codes[facet]))
        is_whole.append(not r.article)
        is_library.append(meta.get("source_kind") == "library")
        for key in ("doc_number", "index_number"):
            val = meta.get(key)
            if val:
                exact_keys.append(analysis.normalize_exact(str(val)))
                exact_pos.append(n)
        n += 1
        if progress and n % 1000 == 0:
            progress(1000)
    if progress:
        progress(n % 1000)
    bw.add(chunk_w)
    bg.add(chunk_g)
    del chunk_w, chunk_g
    g = len(group_titles)
    w = _Writer()
    w.meta["n_groups"] = g
    for name, builder in (("bw", bw), ("bg", bg)):
        _put_postings(w, name, builder)
    normal_titles = [analysis.normalize(t) for t in group_titles]
    for name, tokens in (("tw", analysis.words), ("tg", analysis.grams)):
        tb = _PostingsBuilder()
        tb.add([tokens(t) for t in normal_titles])
        _put_postings(w, name, tb)
    for c, col in cols.items():
        col.put(w, f"rec.{c}")
    _hash_column(w, "rec.id")
    w.add("rec.flags", np.asarray(flags, dtype=np.uint8))
    group_arr = np.asarray(group_of, dtype=np.int32)
    boost = np.asarray(boosts, dtype=np.float32)
    w.add("group_of", group_arr)
    w.add("boost", boost)
    w.add("dates", np.asarray(dates, dtype=np.int64))
    facet_values = {f: list(tables[f]) for f in FACETS}
    facet_cols = {f: np.asarray(codes[f], dtype=np.int32) for f in FACETS}
    facet_single: dict[str, int] = {}
    for facet, fcol in facet_cols.items():
        w.add(f"facet.{facet}", fcol)
        if fcol.size and int(fcol.min()) == int(fcol.max()):
            facet_single[facet] = int(fcol[0])
    varying = [f for f in FACETS if f not in facet_single]
    sizes = [len(facet_values[f]) for f in varying]
    narrow = all(s <= 1 << 16 for s in sizes)
    rows = np.zeros((n, len(varying)), dtype=np.uint16 if narrow else np.int32)
    for f, facet in enumerate(varying):
        rows[:, f] = facet_cols[facet]
    w.add("facet_rows", rows)
    w.meta["facet_values"] = facet_values
    w.meta["facet_single"] = facet_single
    for facet in MULTI_FACETS:
        wide = multi_offsets[facet][-1] >= 1 << 31
        w.add(
            f"multi.{facet}.offsets",
            np.asarray(multi_offsets[facet], dtype=np.int64 if wide else np.int32),
        )
        w.add(f"multi.{facet}.codes", np.asarray(multi_codes[facet], dtype=np.int32))
        w.add(f"multi.{facet}.any", np.diff(np.asarray(multi_offsets[facet])) > 0)
    w.meta["multi_values"] = {f: list(multi_tables[f]) for f in MULTI_FACETS}
    whole = np.asarray(is_whole, dtype=bool)
    w.add("is_whole", whole)
    w.meta["has_whole"] = bool(whole.any())
    w.add("group_idx", group_arr.astype(np.uint16 if g <= 1 << 16 else np.int32))
    priors, pcodes = np.unique(boost, return_inverse=True)
    if priors.size <= 256:
        w.add("boost_code", pcodes.astype(np.uint8))
        w.add("boost_value", priors.astype(np.float32))
    else:
        w.add("boost_code", np.arange(n, dtype=np.int32))
        w.add("boost_value", boost.astype(np.float32))
    library = np.asarray(is_library, dtype=bool)
    w.add("is_library", library)
    w.meta["has_library"] = bool(library.any())
    if n:
        _, first = np.unique(group_arr, return_index=True)
    else:
        first = np.zeros(0, dtype=np.int64)
    first = first.astype(np.int64)
    w.add("group_first", first)
    group_keys = list(group_ids)  # in group order
    w.strings("group_key", group_keys, hashed=True)
    runs = 1 + int(np.count_nonzero(np.diff(group_arr))) if n else 0
    w.meta["groups_contiguous"] = runs == g
    w.add("group_is_library", library[first])
    # the title keys by length, then by group; each followed by a NUL
    keyed = [(analysis.title_key(t), gi) for gi, t in enumerate(group_titles)]
    keyed = sorted(((k, gi) for k, gi in keyed if k), key=lambda kg: (len(kg[0]), kg[1]))
    longest = max((len(k) for k, _ in keyed), default=0)
    by_length = np.zeros(longest + 2, dtype=np.int64)
    for k, _ in keyed:
        by_length[len(k) + 1] += 1
    np.cumsum(by_length, out=by_length)
    w.strings("title", [k + "\0" for k, _ in keyed])
    w.add("title.group", np.asarray([gi for _, gi in keyed], dtype=np.int64))
    w.add("title.by_length", by_length)
    w.strings("exact", exact_keys, hashed=True)
    w.add("exact.pos", np.asarray(exact_pos, dtype=np.int64))
    return w


def _put_postings(w: _Writer, name: str, builder: _PostingsBuilder) -> None:
    terms, offsets, docs, impacts = builder.finish()
    w.strings(f"{name}.vocab", terms, hashed=True)
    w.add(f"{name}.offsets", offsets)
    w.add(f"{name}.docs", docs)
    w.add(f"{name}.impacts", impacts)
