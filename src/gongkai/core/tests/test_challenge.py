"""The one anti-spam question of the public forms (core.challenge)."""

from __future__ import annotations

import base64
import json

import pytest
from django.core import signing
from django.core.cache import cache

from gongkai.core import challenge
from gongkai.testing import solve_challenge


def _payload(token: str) -> dict[str, object]:
    """What anybody reading the page source can decode from the token without the key."""
    body = token.split(":")[0]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


@pytest.fixture(autouse=True)
def _clear(db):
    cache.clear()


def test_the_token_carries_the_question_but_not_the_answer():
    """Review finding: the token's base64 held {"a": 5}: a bot read the answer."""
    for _ in range(30):
        q = challenge.new_question()
        data = _payload(q.token)
        assert set(data) == {"q", "n", "h"}
        assert data["q"] == q.text
        # the digest cannot be checked without the site's key: trying every answer from
        # the page source alone gives nothing to compare with
        assert len(str(data["h"])) == 32
        assert "a" not in data


def test_the_right_answer_passes_once_and_a_wrong_one_is_refused():
    q = challenge.new_question()
    right = solve_challenge(q.text)
    assert "不正确" in challenge.check(q.token, str(int(right) + 1))
    assert "不正确" in challenge.check(q.token, "abc")
    assert challenge.check(q.token, right) == ""
    assert "已使用过" in challenge.check(q.token, right)


def test_full_width_digits_are_read():
    q = challenge.new_question()
    right = solve_challenge(q.text)
    wide = right.translate({0x30 + i: 0xFF10 + i for i in range(10)})
    assert challenge.check(q.token, wide) == ""


def test_a_forged_or_foreign_token_is_refused():
    q = challenge.new_question()
    forged = signing.dumps({"q": q.text, "n": "x", "h": "0" * 32}, salt="other")
    assert "无效" in challenge.check(forged, solve_challenge(q.text))
    assert challenge.question_text(forged) == ""
    assert challenge.question_text(q.token) == q.text
