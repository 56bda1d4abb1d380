"""The public forms and API: the seed's 政策咨询 fields, an arithmetic 验证码 (no image), a
honeypot, a rate limit; the board under a published policy; the monthly counts."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from gongkai.interaction import captcha
from gongkai.interaction.models import Message
from gongkai.interaction.tests.conftest import WRITER
from gongkai.testing import solve_challenge

pytestmark = pytest.mark.usefixtures("calendar")


def _answer(html: str) -> tuple[str, str]:
    found = re.search(r'name="captcha_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1), solve_challenge(html)


def _post(client, world, **over):
    page = client.get("/hudong/write/zxzx/").content.decode()
    token, answer = _answer(page)
    data = {
        "unit": world.office.code,
        "phone": WRITER["phone"],
        "name": WRITER["name"],
        "email": WRITER["email"],
        "title": WRITER["title"],
        "content": WRITER["content"],
        "captcha_token": token,
        "captcha_answer": answer,
        "wants_public": "1",
        "website": "",
    }
    data.update(over)
    return client.post("/hudong/write/zxzx/", data)


def test_the_consultation_form_has_exactly_the_seeds_fields_in_order(world, client):
    cache.clear()
    html = client.get("/hudong/write/zxzx/").content.decode()
    labels = re.findall(r'<label for="id_(\w+)">([^<*]+)', html)
    shown = [text.strip() for name, text in labels if name != "website"]
    assert shown[:7] == ["咨询部门", "手机号码", "姓名", "邮箱", "标题", "内容", "验证码"]
    assert "是否公开" in html
    assert "等于几" in html  # the question is text, not an image
    assert "<img" not in html.split("<main", 1)[-1]


def test_a_citizen_submits_and_sees_a_receipt_with_the_tracking_code(world, client):
    cache.clear()
    r = _post(client, world)
    assert r.status_code == 302
    message = Message.objects.get()
    assert message.wants_public
    assert message.unit == world.office
    receipt = client.get(r["Location"]).content.decode()
    assert message.tracking_code in receipt
    assert WRITER["phone"] not in receipt


def test_a_wrong_captcha_answer_is_refused_and_the_input_kept(world, client):
    cache.clear()
    r = _post(client, world, captcha_answer="99")
    assert r.status_code == 400
    assert "验证码答案不正确" in r.content.decode()
    assert WRITER["title"] in r.content.decode()
    assert not Message.objects.exists()


def test_a_captcha_question_is_used_once(world, client):
    cache.clear()
    page = client.get("/hudong/write/zxzx/").content.decode()
    token, answer = _answer(page)
    assert captcha.check(token, answer) == ""
    assert "已使用过" in captcha.check(token, answer)


def test_missing_fields_are_named_in_chinese(world, client):
    cache.clear()
    r = _post(client, world, phone="123", title="", unit="")
    body = r.content.decode()
    assert r.status_code == 400
    assert "请填写 11 位手机号码" in body or "手机号码" in body
    assert not Message.objects.exists()


def test_the_honeypot_stores_nothing(world, client):
    cache.clear()
    r = _post(client, world, website="http://spam.example")
    assert r.status_code == 200
    assert not Message.objects.exists()


def test_an_address_storing_too_many_messages_is_limited(world, client):
    cache.clear()
    from gongkai.interaction.public_views import STORED_PER_HOUR

    for _ in range(STORED_PER_HOUR):
        assert _post(client, world).status_code == 302
    r = _post(client, world)
    assert r.status_code == 429
    assert Message.objects.count() == STORED_PER_HOUR


def test_the_api_takes_the_same_form_and_answers_progress_by_code_and_phone(world, client):
    cache.clear()
    q = client.get("/api/public/interaction/captcha").json()
    body = {
        "channel": "zxzx",
        "unit": world.office.code,
        **{k: WRITER[k] for k in ("phone", "name", "email", "title", "content")},
        "wants_public": True,
        "captcha_token": q["token"],
        "captcha_answer": solve_challenge(q["question"]),
    }
    r = client.post("/api/public/interaction/messages", body, content_type="application/json")
    assert r.status_code == 200, r.content
    code = r.json()["tracking_code"]
    p = client.post(
        "/api/public/interaction/track",
        {"code": code, "phone": WRITER["phone"]},
        content_type="application/json",
    )
    assert p.status_code == 200
    assert p.json()["state"] == "received"
    assert WRITER["name"] not in p.content.decode()
    wrong = client.post(
        "/api/public/interaction/track",
        {"code": code, "phone": "13000000000"},
        content_type="application/json",
    )
    assert wrong.status_code == 404


def test_the_public_pages_answer(world, client):
    for url in ("/hudong/", "/hudong/xuandeng/", "/hudong/qingkuang/", "/hudong/track/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/hudong/qingkuang/?month=2026-11").status_code == 200
    assert client.get("/api/public/interaction/monthly?month=2026-11").status_code == 200
    assert client.get("/api/public/interaction/monthly?month=bad").status_code == 400


def test_the_public_pages_in_english(world, client):
    from gongkai.portal.tests.test_english import assert_english_layout, switch_language

    switch_language(client, "en")
    html = client.get("/hudong/").content.decode()
    assert_english_layout(html)
    assert "<h1>Public interaction</h1>" in html
    assert "Track a message and rate the reply" in html
    form = client.get("/hudong/write/zxzx/").content.decode()
    assert "Fields marked * are required." in form
    monthly = client.get("/hudong/qingkuang/?month=2026-11").content.decode()
    assert "Handling of messages, 2026-11" in monthly


def test_the_monthly_page_goes_back_only_as_far_as_the_first_message(world, client):
    """Review finding: 上个月 led back month after empty month, to 2015 and beyond."""
    from gongkai.interaction.tests.conftest import submit

    assert "上个月" not in client.get("/hudong/qingkuang/?month=2026-11").content.decode()
    submit(world, "2026-10-15")
    page = client.get("/hudong/qingkuang/?month=2026-11").content.decode()
    assert "?month=2026-10" in page
    assert "上个月" not in client.get("/hudong/qingkuang/?month=2026-10").content.decode()
