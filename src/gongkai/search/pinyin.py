"""Pinyin input → the indexed Chinese words, for the “did you mean” suggestion.

Someone typing ``dibao``, ``di bao`` or ``zuidi shenghuo baozhang`` instead of characters gets
低保 / 最低生活保障 suggested. The pieces (docs/decisions/0002-search-engine.md):

* **keys** — every indexed word of 2–6 Chinese characters is filed under its tone-less pinyin
  without separators (低保 → ``dibao``). The *primary* key reads each character as pypinyin's
  phrase dictionary does for the longest phrase it knows (重庆 → ``chongqing``, 银行 →
  ``yinhang``), else by the character's first (most common) reading. Heteronyms (多音字): the
  word is also filed under the other readings pypinyin lists for its characters (at most
  ``READINGS_PER_CHAR`` each, ``MAX_KEYS`` keys a word); such *alternative* keys rank below
  primary ones. ü is typed ``v`` (pypinyin's NORMAL style) or ``u``. The readings come from
  pypinyin's dictionaries (``pinyin_dict``, ``phrases_dict``), read entry by entry from its
  JSON files into compact tables: calling ``lazy_pinyin`` per word costs ≈120 µs (6 s for the laws vocabulary),
  and importing pypinyin holds ≈60 MB of dictionaries in every web process.
* **a table per index segment**, built on the first pinyin query and kept for the life of the
  segment object (the big main segment survives delta updates, so it is built once a process).
* **conversion** — the query is cut into units (a letter of a pinyin run, a Chinese character,
  anything else); a latin run counts as pinyin only if it splits fully into valid syllables
  (so ``pdf``, ``ISO9001`` stay as typed). A dynamic programme covers the letters with as few
  indexed words as possible (a whole-phrase match wins), may take a Chinese character next to
  the letters into a word (``低bao`` → 低保), and breaks ties by the words' document frequency.
  Among the words under one key, primary-key words come first, then the most frequent
  (gongshi → 公示 rather than 公式 where 公示 is in more records). A pinyin run that indexed
  words do not cover completely stays as typed: nothing is made up.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gongkai.search import analysis
from gongkai.search.index import Segment

MIN_WORD, MAX_WORD = 2, 6  # word lengths filed (as the typo table)
READINGS_PER_CHAR = 3  # heteronyms: the first readings pypinyin lists for a character
MAX_KEYS = 8  # keys filed per word (primary + alternatives)
MAX_SYLLABLE = 6  # zhuang, shuang
MAX_PIECE_UNITS = 48  # letters + characters + separators one word may span in a query

_CJK = analysis._CJK
_CJK_ONE = re.compile(f"[{_CJK}]")
_WORD_OK = re.compile(rf"[{_CJK}]{{{MIN_WORD},{MAX_WORD}}}")
# query units: a latin run, a Chinese character, separators (space, apostrophe: xi'an), the rest
_TOKEN = re.compile(rf"(?P<latin>[a-z]+)|(?P<cjk>[{_CJK}])|(?P<sep>[\s']+)|(?P<other>.)", re.S)


# -- readings -------------------------------------------------------------------------------
def _pypinyin_file(name: str) -> str:
    """One of pypinyin's dictionaries as JSON text, without importing the package
    (``import pypinyin`` loads every dictionary as Python objects: ≈60 MB a process)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or spec.origin is None:
        raise ImportError("pypinyin 未安装")
    return (Path(spec.origin).parent / f"{name}.json").read_text(encoding="utf-8")


# the two files' entries, read one at a time (json.loads of the phrases would peak at ≈50 MB and
# leave most of it with the process): "19981": "dī" and "低保": [["dī"], ["bǎo"]]
_CHAR_ENTRY = re.compile(r'"(\d+)"\s*:\s*"([^"]*)"')
_PHRASE_ENTRY = re.compile(r'"([^"]+)"\s*:\s*\[((?:\s*\[[^\[\]]*\]\s*,?)*)\s*\]')
_FIRST_READING = re.compile(r'\[\s*"([^"]*)"')


def char_entries() -> Iterator[tuple[str, list[str]]]:
    """(character, its toned readings) from pypinyin's pinyin_dict."""
    for m in _CHAR_ENTRY.finditer(_pypinyin_file("pinyin_dict")):
        yield chr(int(m.group(1))), m.group(2).split(",")


def phrase_entries() -> Iterator[tuple[str, list[str]]]:
    """(phrase, the first toned reading of each character) from pypinyin's phrases_dict."""
    for m in _PHRASE_ENTRY.finditer(_pypinyin_file("phrases_dict")):
        yield m.group(1), _FIRST_READING.findall(m.group(2))


@cache
def _normal(reading: str) -> tuple[str, ...]:
    """A toned reading → its tone-less spellings (lǜ → lv, lu); () for ones people never type.

    The same as pypinyin's Style.NORMAL (tests/test_pinyin.py checks it against lazy_pinyin)."""
    plain = unicodedata.normalize("NFD", reading).replace("u\u0308", "v").replace("e\u0302", "ê")
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    if not plain.isascii() or not plain.isalpha() or not re.search("[aeiouv]", plain):
        return ()  # ê, m, n, ng, hm, hng: interjections
    return (plain, plain.replace("v", "u")) if "v" in plain else (plain,)


@cache
def _char_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for ch, readings in char_entries():
        out: list[str] = []
        for r in readings:
            out.extend(x for x in _normal(r) if x not in out)
        if out:
            table[ch] = tuple(out)
    return table


@cache
def syllables() -> frozenset[str]:
    """Every tone-less syllable pypinyin knows (≈420; no vowel-less interjections)."""
    return frozenset(r for readings in _char_table().values() for r in readings)


def char_readings(ch: str) -> tuple[str, ...]:
    """Tone-less readings of one character, the most common first (() if pypinyin has none)."""
    return _char_table().get(ch, ())


@cache
def _phrase_table() -> dict[str, tuple[str, ...]]:
    """Phrases whose reading is not their characters' first readings (重庆 chongqing, 银行)."""
    chars = _char_table()
    table: dict[str, tuple[str, ...]] = {}
    for phrase, readings in phrase_entries():
        if len(readings) != len(phrase):
            continue
        normal = [_normal(r) for r in readings]
        if not all(normal):
            continue
        got = tuple(n[0] for n in normal)
        if got != tuple(chars.get(ch, ("",))[0] for ch in phrase):
            table[phrase] = got
    return table


@cache
def _max_phrase() -> int:
    return max(map(len, _phrase_table()), default=1)


def primary_reading(word: str) -> list[str] | None:
    """One syllable per character: the longest known phrase first, else the first reading."""
    phrases = _phrase_table()
    out: list[str] = []
    i, n = 0, len(word)
    longest = _max_phrase()
    while i < n:
        for size in range(min(longest, n - i), 1, -1):
            got = phrases.get(word[i : i + size])
            if got is not None:
                out.extend(got)
                i += size
                break
        else:
            readings = char_readings(word[i])
            if not readings:
                return None
            out.append(readings[0])
            i += 1
    return out


def word_keys(word: str) -> tuple[list[str], list[str]]:
    """The pinyin keys of ``word``: (primary — the usual reading, ü spelt v or u —,
    heteronym alternatives); ([], []) if a character has no reading."""
    reading = primary_reading(word)
    if reading is None:
        return [], []
    usual = [[r, r.replace("v", "u")] if "v" in r else [r] for r in reading]
    primary = ["".join(c) for c in itertools.product(*usual)]
    alternative: list[str] = []
    per_char = [
        [*u, *(r for r in char_readings(ch)[:READINGS_PER_CHAR] if r not in u)]
        for ch, u in zip(word, usual, strict=True)
    ]
    if all(len(r) == len(u) for r, u in zip(per_char, usual, strict=True)):
        return primary, alternative
    budget = MAX_KEYS - len(primary)
    for combo in itertools.product(*per_char):
        key = "".join(combo)
        if budget <= 0:
            break
        if key not in primary and key not in alternative:
            alternative.append(key)
            budget -= 1
    return primary, alternative


def split_syllables(text: str) -> list[str] | None:
    """``text`` as valid syllables (longest first where ambiguous), or None if it is not pinyin."""
    syl = syllables()
    n = len(text)
    # best[i]: a split of text[i:], computed right to left
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for size in range(min(MAX_SYLLABLE, n - i), 0, -1):
            rest = best[i + size]
            if rest is not None and text[i : i + size] in syl:
                best[i] = [text[i : i + size], *rest]
                break
    return best[0]


# -- the table ------------------------------------------------------------------------------
class PinyinTable:
    """Pinyin key → indexed words: ``primary`` (the usual reading) and ``alternative`` keys."""

    def __init__(self, words: Iterable[str]) -> None:
        self.primary: dict[str, list[str]] = {}
        self.alternative: dict[str, list[str]] = {}
        for word in words:
            primary, alternative = word_keys(word)
            for key in primary:
                self.primary.setdefault(key, []).append(word)
            for key in alternative:
                self.alternative.setdefault(key, []).append(word)

    def __len__(self) -> int:
        return len(self.primary) + len(self.alternative)


def segment_words(seg: Segment) -> set[str]:
    """The Chinese words of 2–6 characters in a segment's body and title vocabularies, plus the
    shipped dictionary's words (government terms, both sides of every synonym pair: 低保) that
    the segment's text contains even where the segmenter cut them into a longer word."""
    out: set[str] = set()
    for name in ("bw", "tw"):
        out.update(w for w in seg.postings[name].vocab if _WORD_OK.fullmatch(w))
    grams = seg.postings["bg"].vocab
    for w in analysis.dictionary_words():
        if _WORD_OK.fullmatch(w) and all(w[i : i + 2] in grams for i in range(len(w) - 1)):
            out.add(w)
    return out


_tables: weakref.WeakKeyDictionary[Segment, PinyinTable] = weakref.WeakKeyDictionary()


def table_for(seg: Segment) -> PinyinTable:
    """The segment's table, built on first use and kept as long as the segment lives."""
    table = _tables.get(seg)
    if table is None:
        table = PinyinTable(segment_words(seg))
        _tables[seg] = table
    return table


# -- conversion -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Unit:
    kind: str  # "letter" (of a pinyin run), "cjk", "sep", "other"
    text: str
    run: int  # index of the latin run a letter belongs to (-1 otherwise)


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for run, m in enumerate(_TOKEN.finditer(text)):
        kind = m.lastgroup or "other"
        if kind == "latin":
            if split_syllables(m.group()) is None:
                units.append(_Unit("other", m.group(), -1))  # pdf, iso: not pinyin
            else:
                units.extend(_Unit("letter", ch, run) for ch in m.group())
        else:
            units.append(_Unit(kind, m.group(), -1))
    return units


def looks_like_pinyin(text: str) -> bool:
    """Worth building the table: two or more syllables, or pinyin beside a Chinese character."""
    text = analysis.normalize(text).replace("ü", "v")
    n_syl = 0
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "latin":
            split = split_syllables(m.group())
            if split is not None:
                n_syl += len(split)
                before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
                if _CJK_ONE.match(before) or _CJK_ONE.match(after):
                    return True
    return n_syl >= 2


Lookup = Callable[[str], list[tuple[str, bool]]]  # key → [(word, is_primary_key)]


def convert(text: str, lookup: Lookup, df: Mapping[str, int]) -> str | None:
    """``text`` with its pinyin replaced by indexed words, or None if nothing was converted."""
    text = analysis.normalize(text).replace("ü", "v")
    units = _units(text)
    n = len(units)
    if not any(u.kind == "letter" for u in units):
        return None
    INF = (math.inf, 0.0, 0.0)
    # cost[i] of units[:i]: (unconverted pinyin runs, words, -Σ log df); back[i]: how
    cost: list[tuple[float, float, float]] = [INF] * (n + 1)
    back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
    cost[0] = (0, 0, 0.0)

    def relax(i: int, j: int, add: tuple[float, float, float], word: str | None) -> None:
        c = cost[i]
        new = (c[0] + add[0], c[1] + add[1], c[2] + add[2])
        if new < cost[j]:
            cost[j], back[j] = new, (i, word)

    for i in range(n):
        if cost[i][0] == math.inf:
            continue
        u = units[i]
        if u.kind == "letter":
            # a whole pinyin run may stay as typed, at a high price
            if i == 0 or units[i - 1].run != u.run:
                j = i
                while j < n and units[j].run == u.run:
                    j += 1
                relax(i, j, (1, 0, 0.0), None)
        else:
            relax(i, i + 1, (0, 0, 0.0), None)
        if u.kind not in ("letter", "cjk"):
            continue
        # an indexed word over units[i:j] (letters, characters, separators dropped)
        n_chars = n_letters = 0
        for j in range(i + 1, min(n, i + MAX_PIECE_UNITS) + 1):
            last = units[j - 1]
            if last.kind == "other":
                break
            if last.kind == "sep":
                continue
            n_chars += last.kind == "cjk"
            n_letters += last.kind == "letter"
            if n_chars >= MAX_WORD or n_letters > MAX_WORD * MAX_SYLLABLE:
                break
            if not n_letters:
                continue
            word = _best_word(units[i:j], lookup, df)
            if word is not None:
                relax(i, j, (0, 1, -math.log(1 + df.get(word, 0))), word)
    if cost[n][0] == math.inf:
        return None
    # walk back: pieces in order
    pieces: list[tuple[str, bool]] = []
    j = n
    while j > 0:
        i, word = back[j]
        if word is not None:
            pieces.append((word, True))
        else:
            pieces.extend((units[k].text, False) for k in range(j - 1, i - 1, -1))
        j = i
    pieces.reverse()
    if not any(converted for _, converted in pieces):
        return None
    return _join(pieces)


def _best_word(piece: list[_Unit], lookup: Lookup, df: Mapping[str, int]) -> str | None:
    parts = [p for p in piece if p.kind != "sep"]
    chars = [p.text for p in parts if p.kind == "cjk"]
    options: list[Iterable[str]] = []
    for p in parts:
        if p.kind == "cjk":
            readings = char_readings(p.text)[:READINGS_PER_CHAR]
            if not readings:
                return None
            options.append(readings)
        else:
            options.append((p.text,))
    cands: dict[str, bool] = {}
    for combo in itertools.islice(itertools.product(*options), 27):
        for word, primary in lookup("".join(combo)):
            if chars and not _has_chars(word, parts):
                continue
            cands[word] = cands.get(word, False) or primary
    if not cands:
        return None
    return max(cands, key=lambda w: (cands[w], df.get(w, 0), w))


def _has_chars(word: str, parts: list[_Unit]) -> bool:
    """Does ``word`` hold the typed characters where they were typed (start, end, in order)?"""
    lead = "".join(p.text for p in itertools.takewhile(lambda p: p.kind == "cjk", parts))
    trail = "".join(p.text for p in itertools.takewhile(lambda p: p.kind == "cjk", parts[::-1]))
    if not word.startswith(lead) or not word.endswith(trail[::-1]):
        return False
    pos = 0
    for p in parts:
        if p.kind == "cjk":
            pos = word.find(p.text, pos)
            if pos < 0:
                return False
            pos += 1
    return True


def _join(pieces: list[tuple[str, bool]]) -> str:
    """Concatenate; a separator between two converted words disappears (zuidi shenghuo)."""
    out: list[str] = []
    for k, (txt, converted) in enumerate(pieces):
        between_words = 0 < k < len(pieces) - 1 and pieces[k - 1][1] and pieces[k + 1][1]
        if between_words and not converted and not txt.strip(" '\t\n\u3000"):
            continue
        out.append(txt)
    return "".join(out).strip()
