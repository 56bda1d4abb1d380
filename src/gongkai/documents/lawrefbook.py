"""Parsing the lawrefbook corpus (../shared/data/laws/laws.jsonl.gz) into import rows.

Each record has title, level, category, publish_date, valid_from, expired and ``history`` lines
such as "2022年5月26日 国家市场监督管理总局令第57号公布" or "2011年11月17日 上海市第十三届人民代表大会
常务委员会第三十次会议通过". From them: 发文机关, 发文字号, 成文日期 (first line), 发布日期, 实施日期.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from gongkai.documents.vocab import DocKind

_DATE = re.compile(r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(.*)$")
_CN_NUM = "一二三四五六七八九十百零〇两\\d"
_MEETING = re.compile(rf"^(.+?)第?[{_CN_NUM}]+次(?:全体|常务)?(?:会议)?")
_SESSION = re.compile(rf"第?[{_CN_NUM}]+届")
_ORDER = re.compile(r"([^\s，,。、《》（）()]{2,40}令)第?(\d{1,6})号")
_NUMBER = re.compile(r"([^\s，,。、《》（）()]{1,16})〔(\d{4})〕(\d{1,6})号")
_PUBLISHED = re.compile(r"^(.+?)(?:公告)?(?:公布|发布|印发|批准)")

LEVEL_KIND = {
    "法律": DocKind.LAW,
    "宪法": DocKind.LAW,
    "行政法规": DocKind.REGULATION,
    "地方性法规": DocKind.REGULATION,
    "部门规章": DocKind.RULE,
}
LEVEL_FALLBACK_ORGAN = {
    "法律": "全国人民代表大会常务委员会",
    "宪法": "全国人民代表大会",
    "行政法规": "国务院",
    "司法解释": "最高人民法院",
}
# 条例 Art. 20: (一) covers administrative regulations, rules and normative documents;
# (十五) everything else laws require to be public.
LEVEL_ART20 = {"行政法规": 1, "部门规章": 1, "地方性法规": 1}


def _date(y: str, m: str, d: str) -> datetime.date | None:
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _iso(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _organ(text: str) -> str:
    text = text.strip().lstrip("（(").strip()
    m = _ORDER.search(text)
    if m:
        organ = m.group(1)[:-1]
        return organ.removeprefix("中华人民共和国") if organ.endswith("国务院") else organ
    m = _MEETING.match(text)
    if m and "会" in m.group(1):
        return _SESSION.sub("", m.group(1)).strip()
    m = _PUBLISHED.match(text)
    if m:
        organ = m.group(1).strip()
        return "" if organ.startswith(("经", "根据")) else organ
    return ""


def parse_record(rec: dict[str, Any]) -> dict[str, Any]:
    """One corpus record → import values (the import schema's keys)."""
    history = [str(h) for h in rec.get("history") or []]
    dated: list[tuple[datetime.date, str]] = []
    for line in history:
        m = _DATE.match(line.strip())
        if m:
            d = _date(m.group(1), m.group(2), m.group(3))
            if d:
                dated.append((d, m.group(4).rstrip("）)").strip()))
    issuer = ""
    for _, text in dated:
        issuer = _organ(text)
        if issuer:
            break
    level = rec.get("level") or ""
    if not issuer:
        issuer = LEVEL_FALLBACK_ORGAN.get(level, "")
    doc_number = ""
    joined = " ".join(history)
    if m := _NUMBER.search(joined):
        doc_number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    elif m := _ORDER.search(joined):
        doc_number = f"{m.group(1)}第{m.group(2)}号"
    published = _iso(rec.get("publish_date"))
    for d, text in dated:
        if published is None and ("公布" in text or "发布" in text):
            published = d
    effective = _iso(rec.get("valid_from"))
    for d, text in dated:
        if effective is None and text.startswith("施行"):
            effective = d
    written = dated[0][0] if dated else published
    if written and published and written > published:
        written = published
    if effective and written and effective < written:
        effective = None
    published = published or written  # None when the record has no date at all: stays unknown
    expired = rec.get("expired")
    validity = "失效" if expired is True else ("有效" if expired is False else "")
    source = str(rec.get("source_path") or rec.get("title") or "")
    key = source if len(source) <= 150 else hashlib.sha256(source.encode()).hexdigest()
    return {
        "key": f"lawrefbook:{key}",
        "title": str(rec.get("title") or "").strip(),
        "doc_number": doc_number,
        "issuers": [issuer] if issuer else [],
        "doc_kind": LEVEL_KIND.get(level, DocKind.OTHER),
        # laws, regulations, rules and judicial interpretations are not the importing unit's
        # 行政规范性文件: flagged, they filled its 现行有效规范性文件 list and its annual report's
        # table 二 row and asked it for interpretations of national laws
        "is_normative": False,
        "written_on": written,
        "published_on": published,
        "effective_on": effective,
        "validity": validity,
        "topic": "1503",
        "art20_item": LEVEL_ART20.get(level, 15),
        "keywords": " ".join(x for x in (level, rec.get("category") or "") if x),
        "body_text": rec.get("body_markdown") or "",
        "source": level,
        "dates_unknown": published is None,
    }
