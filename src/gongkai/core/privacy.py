"""Personal data in free text: found, masked, and shown to a reviewer before anything is published.

What people type into public text (a consultation comment, a message for 留言选登, an FAQ made from
a reply, an imported 12345 ticket, a registration note) may carry their own or someone else's
personal data. Before such text reaches a public page, the capability masks it with
``mask_personal_data`` and shows the reviewer ``highlight_personal_data`` so that a person
confirms what is published (ground rule 5; 条例 Art. 15: personal privacy is not disclosed).

Kinds found (each a ``Finding`` with its place in the text):

- ``mobile``: mainland mobile numbers (1[3-9] + 9 digits, optionally +86 and separators);
- ``landline``: area code + 7–8 digits (010-12345678, (021)12345678, 0571 8765 4321,
  021—60001001 with a dash, 010 - 12345678, +86 21 6000 1001);
- ``id_number``: 18-digit 居民身份证号码 with a valid birth date; ``checked`` tells whether the
  GB 11643-1999 check digit agrees (both are masked: a mistyped number is still someone's);
  15-digit numbers of the first generation with a valid birth date;
- ``email``;
- ``plate``: 机动车号牌 (province abbreviation + letter + 5–6 characters, GA 36);
- ``bank_card``: 16–19 digits passing the Luhn check;
- ``address``: a street, lane, village or estate followed by a house, building, unit or room
  number (the part that leads to a door);
- ``name``: names the caller knows (the writer's name), wherever they appear.

Detection is deliberately wide: a false alarm costs the reviewer one glance, a miss publishes a
phone number. Overlaps resolve to the longest finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

KIND_LABELS: dict[str, str] = {
    "mobile": "手机号码",
    "landline": "电话号码",
    "id_number": "身份证号码",
    "email": "电子邮箱",
    "plate": "车牌号码",
    "bank_card": "银行卡号",
    "address": "详细地址",
    "name": "姓名",
}

# What replaces a finding in published text: says what was there, never any of it.
MASK_TEXT = "【{label}已隐去】"

_D = r"(?<![0-9０-９])"  # not preceded by a digit
_ND = r"(?![0-9０-９])"  # not followed by a digit

_MOBILE = re.compile(_D + r"(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}" + _ND)
_LANDLINE = re.compile(
    _D
    + r"(?:(?:\+|00)86[-\s]?\(?0?[1-9]\d{1,2}\)?|\(0\d{2,3}\)|0\d{2,3})"
    + r"(?:\s?-\s?|\s)?[1-9]\d{2,3}[-\s]?\d{4}"
    + r"(?:-\d{1,5})?"
    + _ND
)
_ID18 = re.compile(
    _D
    + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
    + r"(?![0-9A-Za-z])"
)
_ID15 = re.compile(_D + r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _ND)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Za-hj-np-z][·•\s]?[A-HJ-NP-Za-hj-np-z0-9]{4,5}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳]"
    r"(?![A-Za-z0-9])"
)
_CARD = re.compile(_D + r"\d{4}(?:[-\s]?\d{1,4}){3,4}" + _ND)
_NUM = r"[0-9０-９一二三四五六七八九十百零〇]+"
# a place name does not run across the little words around it (请在…, 住在…, 说…)
_PLACE_CHAR = r"(?:(?![在请说住于是到的我家从往去向和与及对把被给让帮])[\u4e00-\u9fa5A-Za-z0-9])"
_ADDRESS = re.compile(
    _PLACE_CHAR + r"{0,12}"
    r"(?:路|街|大街|大道|巷|弄|胡同|里|村|组|小区|花园|公寓|大厦|苑|新村|家园|广场|城)"
    r"(?:" + _NUM + r"(?:号院|号楼|号|弄|支弄))"
    r"(?:" + _NUM + r"(?:号楼|号|栋|幢|座|楼|单元|层|室|户|弄))*"
    r"(?:" + _NUM + r")?"
    r"|" + _PLACE_CHAR + r"{2,12}(?:小区|花园|公寓|新村|家园|苑)"
    r"(?:" + _NUM + r"(?:号楼|栋|幢|座|单元|层|室|户))+" + r"(?:" + _NUM + r")?"
)

_ADDRESS_LEADS = (
    "我家住在",
    "家住在",
    "住在",
    "家住",
    "住址是",
    "住址",
    "地址是",
    "地址",
    "位于",
    "我家",
    "在",
    "是",
    "于",
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit_ok(number: str) -> bool:
    """GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str
    checked: bool = True  # id_number: the check digit agrees; others: always True

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Masked:
    text: str
    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> list[str]:
        """The kinds found, each once, in the order they first appear."""
        return list(dict.fromkeys(f.kind for f in self.findings))


def _normalise_digits(text: str) -> str:
    """Full-width digits read as digits (the same length, so positions stay valid)."""
    table = {0xFF10 + i: 0x30 + i for i in range(10)}
    table.update({0xFF0B: ord("+"), 0xFF0D: ord("-"), 0xFF08: ord("("), 0xFF09: ord(")")})
    # the dashes typed between an area code and the number (021—60001001 in an official text)
    table.update({c: ord("-") for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63)})
    return text.translate(table)


def find_personal_data(text: str, *, names: Iterable[str] = ()) -> list[Finding]:
    """Every piece of ``text`` that looks like personal data, in order, without overlaps."""
    if not text:
        return []
    probe = _normalise_digits(text)
    found: list[Finding] = []

    def add(kind: str, m: re.Match[str], checked: bool = True) -> None:
        found.append(Finding(kind, m.start(), m.end(), text[m.start() : m.end()], checked))

    for m in _ID18.finditer(probe):
        add("id_number", m, id_check_digit_ok(m.group()))
    for m in _ID15.finditer(probe):
        add("id_number", m, checked=False)
    for m in _EMAIL.finditer(probe):
        add("email", m)
    for m in _MOBILE.finditer(probe):
        add("mobile", m)
    for m in _LANDLINE.finditer(probe):
        add("landline", m)
    for m in _CARD.finditer(probe):
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and _luhn_ok(digits):
            add("bank_card", m)
    for m in _PLATE.finditer(probe):
        add("plate", m)
    for m in _ADDRESS.finditer(probe):
        start = m.start()
        while True:  # the words that lead to an address are not part of it
            lead = next((w for w in _ADDRESS_LEADS if probe.startswith(w, start)), None)
            if lead is None or start + len(lead) >= m.end():
                break
            start += len(lead)
        found.append(Finding("address", start, m.end(), text[start : m.end()]))
    for name in {n.strip() for n in names if n and len(n.strip()) >= 2}:
        for m in re.finditer(re.escape(name), text):
            add("name", m)
    # longest first, then earliest: a kept finding is never inside or across a longer one
    found.sort(key=lambda f: (-(f.end - f.start), f.start))
    kept: list[Finding] = []
    for f in found:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def contains_personal_data(text: str, *, names: Iterable[str] = ()) -> bool:
    return bool(find_personal_data(text, names=names))


def mask_personal_data(text: str, *, names: Iterable[str] = ()) -> Masked:
    """``text`` with every finding replaced by 【…已隐去】, and the findings."""
    findings = find_personal_data(text, names=names)
    out: list[str] = []
    at = 0
    for f in findings:
        out.append(text[at : f.start])
        out.append(MASK_TEXT.format(label=f.label))
        at = f.end
    out.append(text[at:])
    return Masked("".join(out), tuple(findings))


def highlight_personal_data(text: str, *, names: Iterable[str] = ()) -> SafeString:
    """HTML for the reviewer: the text as typed, each finding marked with what it is, so that a
    person confirms the masking before anything is published."""
    parts: list[str] = []
    at = 0
    for f in find_personal_data(text, names=names):
        parts.append(escape(text[at : f.start]))
        parts.append(
            f'<mark class="pii" title="{escape(f.label)}">{escape(f.text)}'
            f'<span class="visually-hidden">（{escape(f.label)}，发布时隐去）</span></mark>'
        )
        at = f.end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 — every piece escaped above
