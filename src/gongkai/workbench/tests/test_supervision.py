"""监督统计: capabilities register figures; supervisors see them per unit and year."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from gongkai.workbench.figures import (
    Figure,
    FigureGroup,
    register_figure_group,
    unregister_figure_group,
)

SEEN: list[int] = []


def _meetings(units, year):
    SEEN.append(year)
    return [Figure(u, "列席会议（次）", 2 if u.code == "G0001-01" else 5, target=4) for u in units]


@pytest.fixture
def group() -> Iterator[None]:
    register_figure_group(FigureGroup("test-meetings", "公众参与测试", _meetings, 20))
    SEEN.clear()
    yield
    unregister_figure_group("test-meetings")


def test_the_supervisor_sees_each_unit_against_the_target_for_the_chosen_year(
    world, login, group
) -> None:
    page = login(world.supervisor).get("/staff/supervision/?year=2025").content.decode()
    assert SEEN == [2025]
    assert "公众参与测试" in page
    office_row = page[page.index("测试区人民政府办公室") :].split("</tr>")[0]
    assert "2 / 4" in office_row
    assert "未达目标" in office_row
    civil_row = page[page.index("测试区民政局") :].split("</tr>")[0]
    assert "5 / 4" in civil_row
    assert "未达目标" not in civil_row


def test_a_clerk_neither_opens_the_page_nor_sees_its_link(world, login) -> None:
    c = login(world.clerk)
    assert c.get("/staff/supervision/").status_code == 403
    assert "监督统计" not in c.get("/staff/").content.decode()
    assert "监督统计" in login(world.supervisor).get("/staff/").content.decode()


def test_a_year_out_of_range_falls_back_to_this_year(world, login, group) -> None:
    response = login(world.supervisor).get("/staff/supervision/?year=99999999999")
    assert response.status_code == 200
    assert SEEN
    assert 2019 <= SEEN[0] <= 2100


def test_the_navigation_offers_only_pages_the_user_may_open(world, client) -> None:
    """Review finding: a clerk was offered 人员, 审计日志 and 公开指南 and got 403, on a page
    that looked as if the clerk had been logged out."""
    import re

    from gongkai.workbench.nav import BUILTIN

    for user in (world.clerk, world.reviewer, world.head, world.supervisor, world.admin):
        client.force_login(user)
        page = client.get(reverse("workbench:home")).content.decode()
        nav = page[page.index("<nav") : page.index("</nav>")]
        links = re.findall(r'<a href="(/staff/[^"]*)"', nav)
        assert len(links) >= 3
        for url in links:
            assert client.get(url).status_code == 200, (user.username, url)
    client.force_login(world.clerk)
    everything = {reverse(name) for _, name in BUILTIN}
    page = client.get(reverse("workbench:home")).content.decode()
    assert reverse("workbench:people") in everything
    assert f'href="{reverse("workbench:people")}"' not in page
    refused = client.get(reverse("workbench:people"))
    assert refused.status_code == 403
    assert "退出登录" in refused.content.decode()  # still inside the workbench's frame
