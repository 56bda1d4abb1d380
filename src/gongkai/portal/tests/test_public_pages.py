"""The public site: the 政府信息公开 column, the calculator, 适老化 preferences, languages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.portal.column import COLUMN_ENTRIES

FOUR = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]


@pytest.mark.django_db
def test_the_home_page_shows_the_column_with_exactly_its_four_entries(client):
    html = client.get("/").content.decode()
    column = html.split('id="xxgk-title"')[1].split("</section>")[0]
    assert re.findall(r'<a href="/xxgk/[a-z-]+/">([^<]+)</a>', column) == FOUR
    assert [e.title for e in COLUMN_ENTRIES] == FOUR


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [e.slug for e in COLUMN_ENTRIES])
def test_each_entry_has_a_page(client, slug):
    response = client.get(reverse("portal:xxgk-entry", args=[slug]))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


@pytest.mark.django_db
def test_the_guide_shows_the_disclosure_office_from_the_unit(world, client):
    html = client.get(reverse("portal:xxgk-entry", args=["guide"])).content.decode()
    assert "测试区人民政府" in html
    assert "办公地址" in html


@pytest.mark.django_db
def test_an_unknown_entry_is_404(client):
    assert client.get("/xxgk/nope/").status_code == 404


@pytest.mark.django_db
def test_the_calculator_computes_and_explains(client):
    html = client.get(reverse("portal:deadline"), {"received": "2024-09-27"}).content.decode()
    assert "2024年10月30日" in html
    assert "2024年11月27日" in html
    assert "国庆节放假" in html


@pytest.mark.django_db
def test_the_calculator_explains_bad_input(client):
    html = client.get(
        reverse("portal:deadline"),
        {"received": "2024-09-27", "pause_start": "2024-10-08"},
    ).content.decode()
    assert "同时填写开始日期和结束日期" in html
    html = client.get(reverse("portal:deadline"), {"received": "abc"}).content.decode()
    assert "日期格式不对" in html


@pytest.mark.django_db
def test_the_public_api_computes_the_deadline(client):
    data = client.get("/api/public/deadline", {"received": "2024-09-27"}).json()
    assert data["reply_deadline"] == "2024-10-30"
    assert data["extended_deadline"] == "2024-11-27"
    bad = client.get(
        "/api/public/deadline", {"received": "2024-09-27", "pause_start": "2024-10-01"}
    )
    assert bad.status_code == 400
    assert "pause_end" in bad.json()["detail"]


@pytest.mark.django_db
def test_larger_text_and_high_contrast_persist_in_cookies(client):
    response = client.post(reverse("portal:prefs"), {"text": "large", "next": "/xxgk/"})
    assert response.status_code == 302
    assert response["Location"] == "/xxgk/"
    client.post(reverse("portal:prefs"), {"contrast": "on", "next": "/"})
    html = client.get("/").content.decode()
    assert 'class="text-large high-contrast"' in html


@pytest.mark.django_db
def test_prefs_refuse_an_offsite_redirect(client):
    response = client.post(
        reverse("portal:prefs"), {"text": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_prefs_need_csrf(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("portal:prefs"), {"text": "large"}).status_code == 403


@pytest.mark.django_db
def test_the_site_is_chinese_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN"' in html
    assert "跳到主要内容" in html


@pytest.mark.django_db
def test_the_home_page_offers_search_and_the_latest_public_documents(world, client):
    from gongkai.documents import lifecycle, services
    from gongkai.documents.selectors import public_documents

    def publish(title: str):
        doc = services.document_create(
            actor=world.clerk,
            unit=world.office,
            values={"title": title, "doc_kind": "通知", "written_on": "2026-03-02",
                    "topic": "0101", "art20_item": 1, "body": "<p>正文</p>"},
        )  # fmt: skip
        lifecycle.document_submit(actor=world.clerk, document=doc)
        lifecycle.document_approve(
            actor=world.reviewer, document=doc, disclosure_mode="主动公开",
            confidentiality_checked=True,
        )  # fmt: skip
        lifecycle.document_publish(actor=world.clerk, document=doc)
        return doc

    published = publish("关于公布第一批政务服务事项清单的通知")
    draft = services.document_create(
        actor=world.clerk, unit=world.office,
        values={"title": "尚未审核的草稿标题", "doc_kind": "通知", "topic": "0101"},
    )  # fmt: skip
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert 'action="/search/"' in html
    assert "关于公布第一批政务服务事项清单的通知" in html
    assert f'href="/xxgk/documents/{published.pk}/"' in html
    assert "尚未审核的草稿标题" not in html
    assert draft not in public_documents()
    assert "【废止】" not in html
    # a repealed document stays in the list, marked as such (as on its own page)
    lifecycle.document_repeal(actor=world.reviewer, document=published, note="已被新清单替代")
    html = client.get("/").content.decode()
    item = re.search(rf'href="/xxgk/documents/{published.pk}/".*?</li>', html, re.S)
    assert item, html
    assert "【废止】" in item.group()
