"""“Did you mean”: one-character typo tolerance over the indexed vocabulary.

Every indexed word of 2–6 characters is stored under each one-character substitution pattern
(户?); words of 3+ characters also under each one-character deletion (symmetric deletes), so a
query word unknown to the index finds words at one substitution, insertion or deletion.
Candidates whose differing character is a known confusable (data/confusables.txt: 藉/籍,
底/低…) win, then the most frequent word. Built lazily, on the first empty result.

Pinyin typed for characters (dibao → 低保, zuidi shenghuo baozhang → 最低生活保障) is turned into
indexed words first (pinyin.py; its tables are built on the first pinyin-looking query).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from gongkai.search import analysis, pinyin
from gongkai.search.index import Segment


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _patterns(word: str) -> list[str]:
    return [word[:i] + "?" + word[i + 1 :] for i in range(len(word))]


@cache
def confusables() -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for line in analysis._data_lines("confusables.txt"):
        chars = line.split()
        pairs.update((a, b) for a in chars for b in chars if a != b)
    return frozenset(pairs)


def _confusable(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and diff[0] in confusables()


class Suggester:
    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = list(segments)
        self._pinyin_tables: list[pinyin.PinyinTable] | None = None  # built on first pinyin query
        self.df: dict[str, int] = {}
        for seg in segments:
            p = seg.postings["bw"]
            for word, tid in p.vocab.items():
                if 2 <= len(word) <= 6:
                    self.df[word] = self.df.get(word, 0) + p.df(tid)
            t = seg.postings["tw"]
            for word, tid in t.vocab.items():
                if 2 <= len(word) <= 6:
                    self.df[word] = self.df.get(word, 0) + t.df(tid)
            # the dictionary's words the text contains, even where the segmenter cut them into
            # a longer word (so 低保 is a known word, never "corrected" into 确保)
            g = seg.postings["bg"]
            for word in analysis.dictionary_words():
                if word in self.df or not (2 <= len(word) <= 6) or not analysis.cjk_chars(word):
                    continue
                ids = [g.vocab.get(word[i : i + 2]) for i in range(len(word) - 1)]
                if all(i is not None for i in ids):
                    self.df[word] = min(g.df(i) for i in ids if i is not None)
        self.table: dict[str, list[str]] = {}
        for word in self.df:
            for pat in _patterns(word):
                self.table.setdefault(pat, []).append(word)
            if len(word) >= 3:
                for d in _deletes(word):
                    self.table.setdefault(d, []).append(word)

    def correct(self, word: str) -> str | None:
        if word in self.df:
            return word
        cands: set[str] = set()
        for pat in _patterns(word):
            cands.update(self.table.get(pat, []))
        if len(word) >= 3:
            for d in _deletes(word):
                cands.update(self.table.get(d, []))
                if d in self.df:
                    cands.add(d)
        if not cands:
            return None
        return max(cands, key=lambda w: (_confusable(word, w), self.df[w], w))

    def suggest(self, query: str) -> str | None:
        """The query with pinyin turned into indexed words and typos corrected, if any was."""
        converted = self.pinyin(query)
        fixed = self.typos(converted if converted is not None else query)
        return fixed if fixed is not None else converted

    def pinyin(self, query: str) -> str | None:
        """Pinyin runs (dibao, zuidi shenghuo baozhang, 低bao) as indexed words (pinyin.py)."""
        if not pinyin.looks_like_pinyin(query):
            return None
        if self._pinyin_tables is None:
            self._pinyin_tables = [pinyin.table_for(seg) for seg in self.segments]
        return pinyin.convert(query, self._pinyin_lookup, self.df)

    def _pinyin_lookup(self, key: str) -> list[tuple[str, bool]]:
        out: list[tuple[str, bool]] = []
        for table in self._pinyin_tables or ():
            out.extend((w, True) for w in table.primary.get(key, ()))
            out.extend((w, False) for w in table.alternative.get(key, ()))
        return out

    def typos(self, query: str) -> str | None:
        """The query with words unknown to the index replaced by a near indexed word."""
        text = analysis.normalize(query)
        segs = [w for w in analysis.segmenter().cut(text, True) if w.strip()]
        # re-join unknown single characters so a typo word cut into pieces is looked up whole
        merged: list[str] = []
        for w in segs:
            if merged and len(w) == 1 and w not in self.df and len(merged[-1]) <= 3:
                merged[-1] += w
            else:
                merged.append(w)
        changed = False
        out = []
        for w in merged:
            if len(w) >= 2 and w not in self.df and analysis.cjk_chars(w) == w:
                fixed = self.correct(w)
                if fixed and fixed != w:
                    out.append(fixed)
                    changed = True
                    continue
            out.append(w)
        return "".join(out) if changed else None
