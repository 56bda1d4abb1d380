"""The public forms' anti-spam question (验证问题) without an image: a short sum in Chinese
words, readable by a screen reader and answered with the keyboard (WCAG 1.1.1 — no image-only
CAPTCHA). One implementation for every public form (政民互动, 公众参与, …).

The question travels in a signed token that expires and can be used once. The token carries the
question and a keyed digest of (nonce, answer), never the answer itself: whoever reads the page
source learns no more than a person reading the question (review finding: the answer was
readable in the base64 of the signed token). The forms also carry a honeypot field and a rate
limit (core.ratelimit)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, gettext

SALT = "gongkai.core.challenge"
MAX_AGE_S = 6 * 3600  # long enough to write a considered comment on a draft
DIGITS = "零一二三四五六七八九十"
# the same question on the English pages, in English words
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Question:
    text: str
    token: str


def zh_number(n: int) -> str:
    if n <= 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def _digest(nonce: str, answer: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}", algorithm="sha256").hexdigest()[:32]


def new_question() -> Question:
    a = secrets.randbelow(9) + 1
    b = secrets.randbelow(9) + 1
    english = get_language() == "en"
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        text, answer = f"{zh_number(a)}减{zh_number(b)}等于几？（请填写阿拉伯数字）", a - b
        if english:
            text = f"What is {EN_DIGITS[a]} minus {EN_DIGITS[b]}? (Answer in digits.)"
    else:
        text, answer = f"{zh_number(a)}加{zh_number(b)}等于几？（请填写阿拉伯数字）", a + b
        if english:
            text = f"What is {EN_DIGITS[a]} plus {EN_DIGITS[b]}? (Answer in digits.)"
    nonce = secrets.token_hex(8)
    token = signing.dumps({"q": text, "n": nonce, "h": _digest(nonce, answer)}, salt=SALT)
    return Question(text=text, token=token)


def question_text(token: str) -> str:
    """The question a token asks; "" when it is forged or expired (ask a new one)."""
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
    given = str(answer).strip().translate({0xFF10 + i: 0x30 + i for i in range(10)})
    nonce = str(data.get("n", "")) if isinstance(data, dict) else ""
    if (
        not nonce
        or not given.lstrip("-").isdigit()
        or len(given) > 4
        or not hmac.compare_digest(_digest(nonce, int(given)), str(data.get("h", "")))
    ):
        return gettext("验证码答案不正确，请重新计算后填写阿拉伯数字。")
    if not cache.add(f"gk-captcha:{nonce}", 1, MAX_AGE_S):
        return gettext("该验证问题已使用过，请回答新的验证问题。")
    return ""
