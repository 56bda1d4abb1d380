"""Which agencies the public application form's search box offers for what a citizen types.

A citizen types the part of an agency's name they know: 民政, 民政局, 区民政局, 教育, 东湖街道,
自然资源. Testing whether the typed characters occur anywhere in the name is wrong: 民政 occurs
in 人民政府, so every 区人民政府 and its 街道办事处 would be offered for 民政. The rule:

* **Keys of a unit** (``unit_keys``), computed on the server:
  - tier 1: its full name and its short name (示范区民政局, 区民政局);
  - tier 2: each *word start* of either name: the tail of the name right after a boundary
    word. Boundary words (``BOUNDARIES``, longest first, each read once as a whole) are the
    place levels (省 市 区 县 镇 乡 …), the level names (人民政府, 街道办事处, 办事处, 街道), the
    kinds of agency (局 委员会 委 办公室 办 厅 中心 科 处 所 站 …) and the conjunctions 和/与.
    示范区民政局 → 民政局; 示范区规划和自然资源局 → 规划和自然资源局, 自然资源局;
    示范区人民政府东湖街道办事处 → 人民政府东湖街道办事处, 东湖街道办事处, 办事处;
  - stripped keys: every key above without its kind suffix (``SUFFIXES``: 局 委员会 办公室
    人民政府 街道办事处 …), so that the bare field is an exact match (民政局 → 民政).
* **Matching** (``match_rank``): the query, normalised (NFKC, no spaces, lower case), matches a
  key if it *equals* it (rank 0) or is a *prefix* of it (rank 1 for a tier-1 key, 2 for a
  tier-2 or stripped key). A unit's rank is its best key's; a unit without a matching key is
  not offered. Results: by rank, then in the list's own (tree) order. So 民政 finds
  示范区民政局 (exact: 民政) and no 人民政府 (no key starts with 民政); 政府 finds 区政府 (its
  short name's word start 政府) but not 民政局.

``unit-filter.js`` applies the same two comparisons to the keys this module writes into each
option (``data-keys``, ``encode_keys``); the browser test checks that both agree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TypeVar

# Read longest first at each position, and as a whole: 委员会 is one boundary, not 委 + 员会.
BOUNDARIES: tuple[str, ...] = tuple(
    sorted(
        {
            # place levels
            *("省", "市", "区", "县", "州", "盟", "旗", "镇", "乡", "自治区", "自治州", "自治县"),
            # level names
            *("人民政府", "政府", "街道办事处", "办事处", "街道"),
            # kinds of agency
            *("局", "委员会", "委", "办公室", "办", "厅", "中心", "科", "处", "所", "站", "院"),
            # conjunctions inside names (规划和自然资源局, 住房和城乡建设局)
            *("和", "与"),
        },
        key=len,
        reverse=True,
    )
)
# Kind suffixes dropped for an exact match on the bare field (民政局 → 民政), longest first.
SUFFIXES: tuple[str, ...] = (
    "街道办事处",
    "人民政府",
    "委员会",
    "办公室",
    "办事处",
    "政府",
    "中心",
    "街道",
    "局",
    "委",
    "办",
    "厅",
    "科",
    "处",
)
TIER_NAME, TIER_WORD = 1, 2
SEPARATOR = "|"


def normalise(text: str) -> str:
    """Full-width to half-width, no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def word_starts(name: str) -> list[str]:
    """The tails of ``name`` that begin right after a boundary word (see the module docstring)."""
    tails: list[str] = []
    i = 0
    while i < len(name):
        word = next((b for b in BOUNDARIES if name.startswith(b, i)), "")
        if word:
            i += len(word)
            if i < len(name):
                tails.append(name[i:])
        else:
            i += 1
    return tails


def _stripped(key: str) -> str:
    """``key`` without its (longest) kind suffix; "" when it is nothing but one (人民政府)."""
    suffix = next((s for s in SUFFIXES if key.endswith(s)), "")
    return key[: -len(suffix)] if suffix else ""


def unit_keys(name: str, short_name: str = "") -> dict[str, int]:
    """Each key of the unit and its tier (the lower, the better a prefix match ranks)."""
    keys: dict[str, int] = {}

    def add(key: str, tier: int) -> None:
        key = normalise(key)
        if key and tier < keys.get(key, TIER_WORD + 1):
            keys[key] = tier

    names = [n for n in (name, short_name) if n.strip()]
    for n in names:
        add(n, TIER_NAME)
    for n in names:
        for tail in word_starts(normalise(n)):
            add(tail, TIER_WORD)
    for key in list(keys):
        add(_stripped(key), TIER_WORD)
    return keys


def encode_keys(keys: dict[str, int]) -> str:
    """For the option's ``data-keys``: ``tier:key`` joined by ``|``."""
    return SEPARATOR.join(f"{tier}:{key}" for key, tier in keys.items())


def match_rank(query: str, keys: dict[str, int]) -> int | None:
    """0 (equals a key), 1 or 2 (prefix of a tier-1 or tier-2 key), None (no match)."""
    q = normalise(query)
    if not q:
        return None
    best: int | None = None
    for key, tier in keys.items():
        rank = 0 if key == q else tier if key.startswith(q) else None
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


T = TypeVar("T")


def match_units(query: str, units: Sequence[T], keys_of: Iterable[dict[str, int]]) -> list[T]:
    """``units`` that match ``query``, best rank first, then in their given order."""
    ranked = [
        (rank, i, unit)
        for i, (unit, keys) in enumerate(zip(units, keys_of, strict=True))
        if (rank := match_rank(query, keys)) is not None
    ]
    return [unit for _, _, unit in sorted(ranked, key=lambda r: (r[0], r[1]))]
