"""Capabilities register their public section and home-page block; the portal shows them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.utils.html import format_html

from gongkai.core import frame
from gongkai.portal.sections import SiteSection, nav_links, register_section, unregister_section


def _flush() -> None:
    caches["template_fragments"].clear()
    frame._frames.clear()


@pytest.fixture
def a_section() -> Iterator[None]:
    register_section(
        SiteSection(
            slug="test-participation",
            title="公众参与测试栏目",
            url_name="portal:deadline",
            order=30,
            home_block=lambda request: format_html(
                "<section><h2>{}</h2></section>", "首页区块测试"
            ),
        )
    )
    _flush()
    yield
    unregister_section("test-participation")
    _flush()


def test_the_portal_registers_its_own_links_in_order() -> None:
    slugs = [slug for slug, _t, _u in nav_links()]
    assert slugs[:2] == ["home", "xxgk"]
    assert slugs.index("search") < slugs.index("apply") < slugs.index("staff")


@pytest.mark.django_db
def test_a_registered_section_shows_in_the_header_and_its_block_on_the_home_page(
    client, a_section
) -> None:
    html = client.get("/").content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert "公众参与测试栏目" in nav
    assert nav.index("政府信息公开") < nav.index("公众参与测试栏目") < nav.index("全站检索")
    assert "<h2>首页区块测试</h2>" in html
    other = client.get("/xxgk/").content.decode()
    assert "公众参与测试栏目" in other  # every public page, not only the home page


@pytest.mark.django_db
def test_a_section_whose_page_is_not_installed_is_left_out_rather_than_breaking_pages(
    client,
) -> None:
    register_section(SiteSection("gone", "不存在的栏目", "nowhere:index", 40))
    _flush()
    try:
        response = client.get("/")
        assert response.status_code == 200
        assert "不存在的栏目" not in response.content.decode()
    finally:
        unregister_section("gone")
        _flush()
