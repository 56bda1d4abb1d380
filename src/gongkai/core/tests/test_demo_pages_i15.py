"""With DEBUG off (as `make demo` runs) an unknown URL gets the site's own 404 page, never
Django's debug page listing the URL patterns, the static files still serve, and the footer
carries 主办单位、网站标识码 and contact (issue 15)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_unknown_urls_get_the_sites_404_and_static_files_serve_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/yishenqing/receipt/GK2026-NOSUCH/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "URLconf" not in html
    assert "urlpatterns" not in html
    assert "主办单位：" in html
    assert settings.GONGKAI_SITE_ID_CODE in html
    css = client.get("/static/gongkai/site.css")
    assert css.status_code == 200


def test_the_500_page_stands_alone():
    html = render_to_string("500.html")
    assert "服务暂时不可用" in html
    assert "/static/gongkai/site.css" in html
    assert settings.STATIC_URL == "/static/"
