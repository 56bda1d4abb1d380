"""Chinese text analysis shared by indexing and querying (docs/decisions/0002-search-engine.md).

Three token streams come out of one normalised text:

* **words** — rjieba search-mode segmentation with the shipped government-term dictionary
  (``data/gov_terms.txt``), so 一网通办 and 双随机一公开 stay whole;
* **grams** — overlapping character bigrams of every Chinese run (a one-character run gives the
  character itself), so two-character words such as 低保 or 户籍 are found whatever the segmenter
  does, and latin/digit runs as whole lower-case tokens;
* **exact** — identifiers such as 发文字号 and 索引号, normalised (half-width, no spaces, 〔〕 and
  () → [], no leading 中华人民共和国),
  for exact lookup.

Queries go through the same functions; query-only stop words (``data/stopwords.txt``) drop the
everyday question words (怎么办, 什么, 可以…), and the synonym table (``data/synonyms.txt``)
expands everyday words to official ones and back.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import rjieba

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+(?:[.\-][0-9a-z]+)*")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_TOKEN_OK = re.compile(rf"[{_CJK}0-9a-z]")
_EXACT_DROP = re.compile(r"[\s\u3000]+")


def _data_lines(name: str) -> list[str]:
    text = resources.files("gongkai.search").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def normalize(text: str) -> str:
    """NFKC (full-width → half-width, incl. brackets) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def normalize_exact(text: str) -> str:
    """Normalise an identifier (发文字号, 索引号) for exact matching: the year's brackets
    however typed (〔2024〕, [2024], (2024), （2024）, 【2024】 are one), no spaces, and the
    country's name before an order number left out (国务院令第649号 is 中华人民共和国国务院令第649号)."""
    t = normalize(text)  # NFKC: （） → (), ［］ → []
    for a, b in (("〔", "["), ("〕", "]"), ("【", "["), ("】", "]"), ("(", "["), (")", "]")):
        t = t.replace(a, b)
    t = _EXACT_DROP.sub("", t)
    return t.removeprefix("中华人民共和国")


@cache
def gov_terms() -> list[tuple[str, int]]:
    out = []
    for line in _data_lines("gov_terms.txt"):
        parts = line.split()
        out.append((parts[0], int(parts[1]) if len(parts) > 1 else 20000))
    return out


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w for line in _data_lines("stopwords.txt") for w in line.split())


@cache
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Word → the other words of every group it belongs to."""
    table: dict[str, list[str]] = {}
    for line in _data_lines("synonyms.txt"):
        group = [normalize(w) for w in line.split()]
        for w in group:
            bucket = table.setdefault(w, [])
            bucket.extend(x for x in group if x != w and x not in bucket)
    return {k: tuple(v) for k, v in table.items()}


@cache
def dictionary_words() -> tuple[str, ...]:
    """The shipped dictionary's words, normalised: government terms and both sides of every
    synonym group (低保, 最低生活保障 …)."""
    words = [normalize(w) for w, _ in gov_terms()] + list(synonym_groups())
    return tuple(dict.fromkeys(words))


@cache
def segmenter() -> rjieba.Jieba:
    seg = rjieba.Jieba()
    for word, freq in gov_terms():
        seg.add_word(normalize(word), freq, None)
    for word in synonym_groups():
        if len(word) > 1 and not seg.has_word(word):
            seg.add_word(word, 3000, None)
    return seg


def words(text: str) -> list[str]:
    """Search-mode words of normalised text (punctuation dropped)."""
    return [w for w in segmenter().cut_for_search(text, True) if _TOKEN_OK.search(w)]


def grams(text: str) -> list[str]:
    """Character bigrams of each Chinese run (a single character stands alone), latin runs whole."""
    out: list[str] = []
    for m in _RUN.finditer(text):
        run = m.group()
        if run[0].isascii() or len(run) == 1:
            out.append(run)
        else:
            out.extend([a + b for a, b in itertools.pairwise(run)])
    return out


@dataclass
class AnalysedQuery:
    text: str
    words: list[str] = field(default_factory=list)
    grams: list[str] = field(default_factory=list)
    # expansion terms (synonyms), each as the list of its pieces: weight < 1
    syn_phrases: list[list[str]] = field(default_factory=list)
    exact: str = ""


def analyse_query(query: str, *, expand: bool = True) -> AnalysedQuery:
    text = normalize(query).strip()
    stop = stopwords()
    segs = [w for w in segmenter().cut(text, True) if _TOKEN_OK.search(w)]
    kept = [w for w in segs if w not in stop]
    if not kept:
        kept = segs
    # words: search-mode pieces of each kept segment (so 最低生活保障 also gives 生活, 保障)
    wlist: list[str] = []
    for seg in kept:
        for w in words(seg):
            if w not in stop or w == seg:
                wlist.append(w)
    # grams: bigrams inside each kept segment only — a bigram across a dropped stop word
    # (“低保的”) would add noise
    glist: list[str] = []
    for seg in kept:
        glist.extend(grams(seg))
    aq = AnalysedQuery(text=text, words=wlist, grams=glist, exact=normalize_exact(query))
    if expand:
        syn = synonym_groups()
        seen = set(kept)
        for seg in kept:
            for other in syn.get(seg, ()):
                if other in seen:
                    continue
                seen.add(other)
                # the expansion matches only records holding all of its pieces (最低 生活 保障),
                # never a record that merely mentions 生活
                pieces = list(dict.fromkeys(w for w in words(other) if w != other)) or [other]
                aq.syn_phrases.append(pieces)
    return aq


def cjk_chars(text: str) -> str:
    return "".join(_CJK_RUN.findall(text))


_TITLE_DROP = re.compile(rf"[^{_CJK}0-9a-z]+")


def title_key(text: str) -> str:
    """A title as compared with a query for an exact or near-exact title match: normalised,
    letters, digits and Chinese only (no spaces, 《》, brackets or punctuation), without a leading
    中华人民共和国 (people type 民法典, not 中华人民共和国民法典)."""
    return _TITLE_DROP.sub("", normalize(text)).removeprefix("中华人民共和国")
