"""The question box's API: suggestions as one types, “已解决” counted once and CSRF-checked."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.faq import api as faq_api
from gongkai.faq.models import FaqEntry


@pytest.fixture
def entries(faq, policy):
    return [
        faq(
            "城乡居民最低生活保障怎么申请？",
            "由申请人向户籍所在地的街道办事处提出书面申请，提交家庭收入和财产情况材料。",
            documents=[policy],
            keywords="低保 申请",
        ),
        faq(
            "公务员考试报名时间是什么时候？",
            "报名时间以招录公告为准，一般在每年10月。",
            topic="人事",
        ),
        faq(
            "个体工商户如何办理营业执照？",
            "可通过政务服务网在线申请，也可到政务服务中心窗口办理。",
            topic="营商",
        ),
    ]


def test_suggest_puts_the_closest_entry_first(client, entries):
    r = client.get("/api/public/faq/suggest", {"q": "我想申请低保，要去哪里办"})
    assert r.status_code == 200
    data = r.json()
    assert data["entries"][0]["id"] == entries[0].pk
    assert data["entries"][0]["url"] == f"/faq/{entries[0].pk}/"
    assert {"question", "answer", "topic", "unit"} <= set(data["entries"][0])


def test_suggest_says_nothing_for_a_too_short_question_and_validates(client, entries):
    assert client.get("/api/public/faq/suggest", {"q": "低"}).json()["entries"] == []
    r = client.get("/api/public/faq/suggest", {"q": "长" * 201})
    assert r.status_code == 400  # a query parameter out of its bounds (core.bounds, decision 0007)
    assert "过长" in r.json()["message"]


def test_suggest_lists_only_published_entries(world, client, entries):
    from gongkai.faq import services

    services.faq_transition(
        actor=world.reviewer, entry_id=entries[0].pk, version=entries[0].version, to="retired"
    )
    ids = [
        e["id"] for e in client.get("/api/public/faq/suggest", {"q": "低保申请"}).json()["entries"]
    ]
    assert entries[0].pk not in ids


def test_suggest_is_rate_limited(client, entries, monkeypatch):
    monkeypatch.setattr(faq_api, "SUGGEST_PER_MINUTE", 3)
    codes = [client.get("/api/public/faq/suggest", {"q": "低保申请"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_resolved_needs_the_csrf_token_and_counts_once_per_address(entries):
    strict = Client(enforce_csrf_checks=True)
    target = entries[1]
    r = strict.post(
        "/api/public/faq/resolved", {"entry": target.pk}, content_type="application/json"
    )
    assert r.status_code == 403
    strict.get("/faq/")  # the page sets the CSRF cookie
    token = strict.cookies["csrftoken"].value
    for _ in range(2):
        r = strict.post(
            "/api/public/faq/resolved",
            {"entry": target.pk},
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert r.status_code == 200
    assert FaqEntry.objects.get(pk=target.pk).resolved_count == 1
    r = strict.post(
        "/api/public/faq/resolved",
        {"entry": 999999},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert r.status_code == 404


def test_public_list_and_detail(client, entries, policy):
    data = client.get("/api/public/faq", {"topic": "社会救助"}).json()
    assert [d["id"] for d in data] == [entries[0].pk]
    assert data[0]["documents"] == [{"title": policy.title, "url": f"/xxgk/documents/{policy.pk}/"}]
    assert client.get(f"/api/public/faq/{entries[1].pk}").json()["topic"] == "人事"
    assert client.get("/api/public/faq/999999").status_code == 404


def test_the_api_is_documented(db, client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/public/faq/suggest", "/api/public/faq/resolved", "/api/public/faq"} <= set(paths)
