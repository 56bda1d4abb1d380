"""验证码 without an image: a short arithmetic question in Chinese words, readable by a screen
reader and answerable with the keyboard (WCAG 1.1.1 — no image-only CAPTCHA). The question and
its answer travel in a signed token that expires and can be used once; the public forms also
carry a honeypot field and a rate limit (core.ratelimit)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.translation import get_language, gettext

SALT = "gongkai.interaction.captcha"
MAX_AGE_S = 3600
_DIGITS = "零一二三四五六七八九十"
# the same question on the English pages, in English words
_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


@dataclass(frozen=True)
class Question:
    text: str
    token: str


def _zh(n: int) -> str:
    if n <= 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")).strip()


def new_question() -> Question:
    a = secrets.randbelow(9) + 1
    b = secrets.randbelow(9) + 1
    english = get_language() == "en"
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        text, answer = f"{_zh(a)}减{_zh(b)}等于几？（请填写阿拉伯数字）", a - b
        if english:
            text = f"What is {_EN[a]} minus {_EN[b]}? (Answer in digits.)"
    else:
        text, answer = f"{_zh(a)}加{_zh(b)}等于几？（请填写阿拉伯数字）", a + b
        if english:
            text = f"What is {_EN[a]} plus {_EN[b]}? (Answer in digits.)"
    token = signing.dumps({"q": text, "a": answer, "n": secrets.token_hex(8)}, salt=SALT)
    return Question(text=text, token=token)


def question_text(token: str) -> str:
    try:
        return str(signing.loads(token, salt=SALT, max_age=MAX_AGE_S)["q"])
    except (signing.BadSignature, KeyError, TypeError):
        return ""


def check(token: str, answer: str) -> str:
    """ "" when the answer is right (and the question is then used up); otherwise the message."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_S)
    except signing.SignatureExpired:
        return gettext("验证码已过期，请回答新的验证问题。")
    except signing.BadSignature:
        return gettext("验证码无效，请回答新的验证问题。")
    given = answer.strip().translate({0xFF10 + i: 0x30 + i for i in range(10)})
    if not given.lstrip("-").isdigit() or int(given) != data.get("a"):
        return gettext("验证码答案不正确，请重新计算后填写阿拉伯数字。")
    if not cache.add(f"gk-captcha:{data.get('n')}", 1, MAX_AGE_S):
        return gettext("该验证问题已使用过，请回答新的验证问题。")
    return ""
