"""The laws corpus (``laws.jsonl.gz``: one law a line, articles start “第X条”) as search records.

Used by ``bench/search.py`` and the search tests (the site's library, gongkai.library, loads the
same file into its own table and indexes it through its search source). Each article becomes
one record (group = the law), anchored ``#第X条``; text before the first article is not an
article and is skipped, as is a law without articles (the benchmark counts articles only).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gongkai.search.index import Record

ARTICLE = re.compile(
    r"^(第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?)[\s\u3000]", re.M
)

# a prior by legal rank (效力层级): national statutes answer most everyday questions
LEVEL_BOOST = {
    "宪法": 1.55,
    "法律": 1.55,
    "司法解释": 1.2,
    "行政法规": 1.2,
    "部门规章": 1.0,
    "地方性法规": 0.72,
    "案例": 0.64,
}
EXPIRED_BOOST = 0.65
# a few entries carry no level (the 民法典 is filed by book): take it from the category
_LEVEL_FALLBACK = {"民法典": "法律", "司法解释": "司法解释"}


def law_key(title: str) -> str:
    """The STARD relevance key of a law title: no “中华人民共和国”, half-width brackets."""
    t = title.replace("中华人民共和国", "")
    return t.replace("（", "(").replace("）", ")").strip()


def iter_laws(path: str | Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def split_articles(body: str) -> list[tuple[str, str]]:
    """(article number, article text) pairs; the heading lines between articles are dropped."""
    marks = list(ARTICLE.finditer(body))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        text = body[m.start() : end]
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#")).strip()
        out.append((m.group(1), text))
    return out


def law_level(level: str | None, category: str | None) -> str:
    """A law's 效力层级, taken from its category where the corpus gives none."""
    return level or _LEVEL_FALLBACK.get(category or "", "")


def law_boost(level: str | None, category: str | None, expired: bool) -> float:
    """The prior of a law's articles: by legal rank (效力层级), lower for an expired law."""
    level = level or _LEVEL_FALLBACK.get(category or "", "")
    return LEVEL_BOOST.get(level, 1.0) * (EXPIRED_BOOST if expired else 1.0)


def law_records(path: str | Path) -> Iterator[Record]:
    """The corpus's articles straight from the file (the benchmark; the site indexes the
    library's laws through gongkai.library.search_source, with the same metadata)."""
    for n, law in enumerate(iter_laws(path)):
        title = law["title"]
        level = law.get("level") or _LEVEL_FALLBACK.get(law.get("category") or "", "")
        date = law.get("publish_date") or ""
        meta = {
            "content_type": "法律法规",
            "doc_type": level,
            "validity": "已失效" if law.get("expired") else "有效",
            "year": date[:4],
            "date": date,
            "boost": law_boost(level, law.get("category"), bool(law.get("expired"))),
            "key": law_key(title),
            "source": "laws",
            "source_kind": "library",
        }
        url = f"/library/{n}/"
        for art, text in split_articles(law["body_markdown"]):
            yield Record(
                id=f"law:{n}:{art}",
                title=title,
                url=f"{url}#{quote(art)}",
                body=text,
                article=art,
                group=f"law:{n}",
                metadata=meta,
            )
