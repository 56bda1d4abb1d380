"""Security defaults: request size, client address, language choice, login throttling, CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from gongkai.core.middleware import client_ip
from gongkai.testing import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@override_settings(GONGKAI_MAX_REQUEST_BYTES=1024)
def test_a_body_over_the_limit_is_refused_before_it_is_read(client):
    response = client.post(reverse("portal:prefs"), {"text": "large", "pad": "x" * 4096})
    assert response.status_code == 413
    assert "不能超过" in response.content.decode()


def test_behind_a_trusted_proxy_the_rightmost_forwarded_address_is_used():
    rf = RequestFactory()
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="127.0.0.1")
    with override_settings(GONGKAI_TRUST_X_FORWARDED_FOR=True):
        assert client_ip(request) == "10.0.0.7"
    with override_settings(GONGKAI_TRUST_X_FORWARDED_FOR=False):
        assert client_ip(request) == "127.0.0.1"
    bad = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-ip", REMOTE_ADDR="127.0.0.1")
    with override_settings(GONGKAI_TRUST_X_FORWARDED_FOR=True):
        assert client_ip(bad) == "127.0.0.1"


@pytest.mark.django_db
def test_the_browser_language_does_not_switch_the_site_to_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-CN"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(world, client):
    url = reverse("workbench:login")
    for _ in range(10):
        assert client.post(url, {"username": "clerk", "password": "wrong"}).status_code == 200
    blocked = client.post(url, {"username": "clerk", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "请 15 分钟后再试" in blocked.content.decode()
    # Another user name from the same address is not blocked.
    ok = client.post(url, {"username": "reviewer", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(world, client):
    url = reverse("workbench:login")
    for _ in range(9):
        client.post(url, {"username": "clerk", "password": "wrong"})
    assert client.post(url, {"username": "clerk", "password": PASSWORD}).status_code == 302
    client.post(reverse("workbench:logout"))
    for _ in range(9):
        client.post(url, {"username": "clerk", "password": "wrong"})
    assert client.post(url, {"username": "clerk", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_audit_csv_neutralises_spreadsheet_formulas(world, client):
    from gongkai.testing import make_unit

    make_unit("G0001-09", '=HYPERLINK("http://evil")', world.gov)
    client.force_login(world.admin)
    response = client.get(reverse("workbench:audit-export"), {"q": "G0001-09"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    labels = [r[6] for r in rows[1:]]
    assert labels == ['\'=HYPERLINK("http://evil")']


@pytest.mark.django_db
def test_the_audit_page_is_paginated(world, client):
    from gongkai.testing import make_unit

    for i in range(105):
        make_unit(f"P{i:03d}", f"分页测试机构{i}", world.gov)
    client.force_login(world.admin)
    first = client.get(reverse("workbench:audit"), {"action": "unit.create"})
    assert len(first.context["events"]) == 100
    assert "下一页" in first.content.decode()
    second = client.get(reverse("workbench:audit"), {"action": "unit.create", "page": 2})
    assert len(second.context["events"]) == 109 - 100  # 105 + the world's 4 units


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["ｃｌｅｒｋ", "CLERK", " Ｃlerk "])
def test_another_spelling_of_a_locked_user_name_is_locked_too(world, client, spelling):
    """Issue 13 finding 1: the lock was keyed on the raw input while the form logs in the NFKC
    form, so full-width letters gave 10 fresh tries per spelling."""
    url = reverse("workbench:login")
    for _ in range(10):
        client.post(url, {"username": "clerk", "password": "wrong"})
    blocked = client.post(url, {"username": spelling, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_passwords_under_other_spellings_count_towards_one_lock(world, client):
    url = reverse("workbench:login")
    for i in range(10):
        client.post(url, {"username": ["ｃｌｅｒｋ", "Clerk"][i % 2], "password": "wrong"})
    assert client.post(url, {"username": "clerk", "password": PASSWORD}).status_code == 429


@pytest.mark.django_db
def test_the_login_page_names_the_platform_not_the_servers_address(client, settings):
    """Review finding: the title and footer of /staff/login/ said "127.0.0.1:8765"."""
    page = client.get(reverse("workbench:login")).content.decode()  # host: "testserver"
    assert "testserver" not in page
    assert settings.GONGKAI_SITE_NAME in page
