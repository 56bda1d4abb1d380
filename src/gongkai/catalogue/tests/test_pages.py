"""The public 标准目录 section, its API and the workbench pages, as their users reach them."""

from __future__ import annotations

import pytest

from gongkai.catalogue.models import Catalogue, CatalogueState
from gongkai.catalogue.services import catalogue_import
from gongkai.testing import make_unit

from .conftest import national_rows, national_xlsx, published_catalogue


def _published(world, unit, n=8):
    return published_catalogue(world, unit, n, publisher=world.admin)


def test_the_public_section_lists_catalogues_and_an_item_gathers_its_information(
    world, client, make_doc, publish
) -> None:
    published_catalogue(world, links={1: [("art20", "7")]})
    doc = make_doc(title="2026年部门预算公开", art20_item=7)
    publish(doc)
    home = client.get("/").content.decode()
    assert 'href="/biaozhun/"' in home  # the section is in the header navigation
    index = client.get("/biaozhun/").content.decode()
    assert world.office.name in index
    page = client.get(f"/biaozhun/{world.office.code}/").content.decode()
    assert "机构职能事项1" in page
    assert f'href="/xxgk/documents/{doc.pk}/"' in page  # 超链接归集, live
    item = client.get(f"/biaozhun/{world.office.code}/1/").content.decode()
    assert "2026年部门预算公开" in item
    assert client.get(f"/biaozhun/{world.civil.code}/").status_code == 404
    api = client.get(f"/api/public/catalogues/{world.office.code}").json()
    assert api["items"] == 8
    assert api["item_list"][0]["records"][0]["title"] == "2026年部门预算公开"
    assert client.get("/api/public/catalogues/NOPE").status_code == 404


def test_a_draft_is_never_public(world, client) -> None:
    catalogue_import(
        actor=world.admin,
        unit=world.office,
        name="目录.xlsx",
        content=national_xlsx(national_rows(3)),
    )
    assert client.get(f"/biaozhun/{world.office.code}/").status_code == 404
    assert client.get("/api/public/catalogues").json() == []


def test_a_published_catalogue_is_in_the_sitemap_and_the_feed_and_a_draft_is_not(
    world, client
) -> None:
    _published(world, world.office, 6)
    catalogue_import(
        actor=world.admin,
        unit=world.civil,
        name="目录.xlsx",
        content=national_xlsx(national_rows(3)),
    )  # a draft only
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/biaozhun/{world.office.code}/</loc>" in sitemap
    assert "/biaozhun/</loc>" in sitemap
    assert f"/biaozhun/{world.civil.code}/" not in sitemap
    feed = client.get("/xxgk/feed.atom").content.decode()
    assert f"{world.office.name}政务公开事项标准目录（第1版）" in feed
    assert "共6个公开事项" in feed
    assert world.civil.name + "政务公开事项标准目录" not in feed
    assert client.get("/xxgk/feed.atom").content.decode() == feed  # stable bytes


def test_several_units_side_by_side(world, client) -> None:
    _published(world, world.office, 8)
    _published(world, world.civil, 4)
    page = client.get(f"/biaozhun/compare/?u={world.office.code}&u={world.civil.code}")
    html = page.content.decode()
    row = html[html.index('<th scope="row">机构职能</th>') :].split("</tr>")[0]
    assert row.count("<ul>") == 2  # both units promise something under 机构职能


def test_the_staff_page_previews_an_import_without_writing_and_then_imports(world, login) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(world.clerk)
    data = national_xlsx(national_rows(5))
    r = c.post(
        f"/staff/catalogue/{world.office.code}/",
        {"action": "preview", "file": SimpleUploadedFile("目录.xlsx", data)},
    )
    assert "预览：5 个事项，未写入" in r.content.decode()
    assert not Catalogue.objects.exists()
    r = c.post(
        f"/staff/catalogue/{world.office.code}/",
        {"action": "import", "file": SimpleUploadedFile("目录.xlsx", data)},
    )
    assert r.status_code == 302
    draft = Catalogue.objects.get(state=CatalogueState.DRAFT)
    assert draft.items.count() == 5
    # the clerk may not publish; the reviewer may
    page = c.get(f"/staff/catalogue/{world.office.code}/").content.decode()
    assert "发布为现行版本" not in page
    r = login(world.reviewer).post(
        f"/staff/catalogue/{world.office.code}/",
        {"action": "publish", "version": draft.version, "note": "首次发布"},
    )
    assert r.status_code == 302
    assert Catalogue.objects.get(number=1).state == CatalogueState.PUBLISHED


def test_editing_an_item_that_changed_meanwhile_is_refused_and_keeps_the_input(
    world, login
) -> None:
    catalogue_import(
        actor=world.admin,
        unit=world.office,
        name="目录.xlsx",
        content=national_xlsx(national_rows(2)),
    )
    item = Catalogue.objects.get(state=CatalogueState.DRAFT).items.get(seq=1)
    form = {
        "level1": "机构职能",
        "level2": "我的改动",
        "content": "内容",
        "time_limit": "实时",
        "subject": "办公室",
        "audiences": ["全社会"],
        "modes": ["主动"],
        "version": item.version,
    }
    c = login(world.clerk)
    assert c.post(f"/staff/catalogue/{world.office.code}/items/1/", form).status_code == 302
    again = c.post(f"/staff/catalogue/{world.office.code}/items/1/", {**form, "level2": "他的改动"})
    html = again.content.decode()
    assert "该事项已被他人修改" in html
    assert "他的改动" in html


def test_staff_of_another_unit_cannot_open_the_catalogue(world, login) -> None:
    other = make_unit("G0001-09", "测试区教育局", world.gov, kind="department")
    assert login(world.clerk).get(f"/staff/catalogue/{other.code}/").status_code == 404


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast"])
def test_the_catalogue_pages_pass_axe_and_fit_a_phone(page, axe_violations, mode) -> None:
    from gongkai.portal.tests.test_browser import enter_mode, sweep_pages
    from gongkai.testing import build_world

    world = build_world()
    _published(world, world.office, 12)
    _published(world, world.civil, 5)
    enter_mode(page, mode)
    pages = [
        "/biaozhun/",
        f"/biaozhun/{world.office.code}/",
        f"/biaozhun/{world.office.code}/1/",
        f"/biaozhun/compare/?u={world.office.code}&u={world.civil.code}",
    ]
    reports = sweep_pages(page, axe_violations, pages, mode)
    # the supervising office's overview (staff side) and one unit's detail
    from gongkai.portal.tests.test_browser import sign_in

    sign_in(page, world.supervisor.username)
    reports += sweep_pages(
        page,
        axe_violations,
        [
            "/staff/catalogue/overview/",
            "/staff/catalogue/overview/?state=none&sort=flagged",
            f"/staff/catalogue/overview/{world.office.code}/",
        ],
        mode,
    )
    # from the overview, two units side by side
    page.goto("/staff/catalogue/overview/")
    page.get_by_label(f"对照{world.office.name}").check()
    page.get_by_label(f"对照{world.civil.name}").check()
    page.get_by_role("button", name="对照查看所选单位的标准目录").click()
    assert "/biaozhun/compare/" in page.url
    assert f"u={world.civil.code}" in page.url
    # the catalogue's hyperlinks lead from the index to an item
    page.goto("/biaozhun/")
    page.get_by_role("link", name=world.office.name).click()
    page.get_by_role("link", name="事项 1 的全部信息与公开情况").click()
    assert page.url.endswith(f"/biaozhun/{world.office.code}/1/")
    assert not reports, "\n".join(reports)
