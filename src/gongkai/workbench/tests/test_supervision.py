"""监督统计: capabilities register figures; supervisors see them per unit and year."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
