"""办事服务 in English: the kinds are translated on the guide as on the list, the list's heading
is plural, and untranslated Chinese is marked lang="zh-CN"."""

from __future__ import annotations

import re

from gongkai.banshi.services import service_save
from gongkai.portal.tests.english_walk import check_html

from .test_forms import SERVICE


def test_a_guide_in_english_translates_its_kinds(world, client, settings) -> None:
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/banshi/{item.code}/").content.decode()
    kinds = re.search(r"<dt>Item type</dt><dd>(.*?)</dd>", html)
    assert kinds is not None
    assert kinds.group(1) == "Public services · Administrative payment"
    assert check_html(html).findings() == []
    listing = client.get("/banshi/").content.decode()
    assert "<h2>Items</h2>" in listing
    assert "Public services · Administrative payment · " in listing
    # a unit's own kind that has no translation reads as written, marked Chinese
    service_save(
        actor=world.clerk,
        unit=world.office,
        raw={**SERVICE, "code": "X-2", "kind": "其他服务"},
    )
    other = client.get("/banshi/X-2/").content.decode()
    assert '· <span lang="zh-CN">其他服务</span>' in other
    assert check_html(other).findings() == []


def test_the_guide_label_is_kept_on_one_line(world, client) -> None:
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    html = client.get(f"/banshi/{item.code}/").content.decode()
    assert '<span class="hint banshi-guide-label"> · 办事指南</span>' in html
    assert "banshi/banshi.css" in html
