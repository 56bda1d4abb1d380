"""发文字号 (document numbers) and 索引号 (index numbers)."""

from __future__ import annotations

import re

from django.conf import settings

from gongkai.core.errors import ValidationFailed

# Year brackets people type instead of the standard 六角括号 〔〕 (GB/T 9704-2012 7.2.4).
_YEAR_BRACKETS = re.compile(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]")
_STANDARD = re.compile(r"^(?P<agency>[^\s〔〕]{1,30})〔(?P<year>\d{4})〕(?P<seq>\d{1,6})号$")
_ORDER = re.compile(r"^(?P<agency>[^\s]{1,40}令)第?(?P<seq>\d{1,6})号$")


def normalise_doc_number(raw: str) -> str:
    """Bring a 发文字号 into the standard form ``国办发〔2017〕47号``.

    Brackets around the year ([] ［］ 【】 () （） 〔〕) become 〔〕, spaces go, full-width digits
    become ASCII, a missing trailing 号 is added. Empty stays empty.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    text = re.sub(r"\s+", "", text)
    text = _YEAR_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", text)
    if re.search(r"〔\d{4}〕\d+$", text):
        text += "号"
    return text


def validate_doc_number(raw: str) -> str:
    """The normalised number, or ValidationFailed saying how it should look."""
    text = normalise_doc_number(raw)
    if not text:
        return ""
    if _STANDARD.match(text) or _ORDER.match(text):
        return text
    raise ValidationFailed(
        [
            f"发文字号“{raw}”格式不对：应为“机关代字〔年份〕序号号”，例如“国办发〔2017〕47号”，"
            "或“××令第N号”"
        ]
    )


def doc_number_year(number: str) -> int | None:
    m = _STANDARD.match(number)
    return int(m.group("year")) if m else None


def format_index_number(*, unit_code: str, year: int, seq: int, pattern: str = "") -> str:
    """索引号 from the configured pattern, e.g. ``{unit_code}/{year}-{seq:05d}``."""
    pattern = pattern or settings.GONGKAI_INDEX_NUMBER_PATTERN
    return pattern.format(unit_code=unit_code, year=year, seq=seq)
