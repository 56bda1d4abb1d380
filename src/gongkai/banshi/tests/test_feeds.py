"""办事指南 and 一件事 reach /sitemap.xml and the Atom feed (review finding: they were missing),
with <updated> from when the guide last changed; repeated requests give identical bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from gongkai.applications.tests.conftest import at
from gongkai.banshi.services import one_thing_save, service_save

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _item(code: str, name: str) -> dict[str, str]:
    return {
        "code": code,
        "name": name,
        "list_kind": "公共服务事项",
        "kind": "公共服务",
        "basis": "《示范区促进创业若干措施》",
        "conditions": "在本区登记注册的企业",
        "materials": "1. 申请表",
        "process": "网上申请—审核—办结",
        "time_limit": "5个工作日",
        "channel": "一网通办",
        "contact": "021-60001234",
    }


def _updated(body: bytes) -> dict[str, str]:
    out = {}
    for e in ET.fromstring(body).iter(f"{ATOM}entry"):  # noqa: S314 - our own feed
        link = e.find(f"{ATOM}link")
        assert link is not None
        out["/" + link.get("href", "").split("/", 3)[3]] = e.findtext(f"{ATOM}updated") or ""
    return out


def test_guides_and_one_things_are_in_the_sitemap_and_the_feed(world, client):
    with at("2025-03-02"):
        service_save(actor=world.clerk, unit=world.office, raw=_item("G-001", "开办企业"))
    with at("2025-04-10"):
        service_save(actor=world.clerk, unit=world.office, raw=_item("G-002", "刻制公章"))
    with at("2025-05-06"):
        thing = one_thing_save(
            actor=world.clerk,
            unit=world.office,
            title="开办一家小店",
            summary="营业执照、公章一次办",
            codes=["G-001", "G-002"],
        )

    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/banshi/</loc>" in sitemap
    assert "/banshi/G-001/</loc><lastmod>2025-03-02</lastmod>" in sitemap
    assert "/banshi/G-002/</loc><lastmod>2025-04-10</lastmod>" in sitemap
    assert f"/banshi/yijianshi/{thing.pk}/</loc><lastmod>2025-05-06</lastmod>" in sitemap

    body = client.get("/xxgk/feed.atom").content
    updated = _updated(body)
    assert updated["/banshi/G-001/"] == "2025-03-02T02:00:00+00:00"
    assert updated[f"/banshi/yijianshi/{thing.pk}/"] == "2025-05-06T02:00:00+00:00"
    assert "开办企业办事指南" in body.decode()
    assert "021-60001234" not in body.decode()  # the feed names the guide, not its contents
    assert client.get("/xxgk/feed.atom").content == body
    assert client.get("/sitemap.xml").content.decode() == sitemap

    # a changed guide moves up, and so does the 一件事 that chains it
    with at("2025-06-01"):
        service_save(actor=world.clerk, unit=world.office, raw=_item("G-001", "开办企业（新）"))
    updated = _updated(client.get("/xxgk/feed.atom").content)
    assert updated["/banshi/G-001/"] == "2025-06-01T02:00:00+00:00"
    assert updated[f"/banshi/yijianshi/{thing.pk}/"] == "2025-06-01T02:00:00+00:00"
