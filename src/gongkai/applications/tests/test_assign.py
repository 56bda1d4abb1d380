"""分办: staff choose the handling unit and the handler from lists of names, not typed codes;
the page, the service and the API refuse the same choices with the same plain message."""

from __future__ import annotations

import re

import pytest

from gongkai.applications.models import Application
from gongkai.applications.selectors import assign_handlers
from gongkai.applications.tests.conftest import act, at, submit
from gongkai.core.errors import ValidationFailed

pytestmark = pytest.mark.usefixtures("calendar")


def _registered(world) -> Application:
    app = submit(world, "2024-09-20")
    return act(world.clerk, app, "register", "2024-09-20")


def _select(html: str, name: str) -> list[tuple[str, str, bool]]:
    """The options (value, label, selected) of the assign form's select ``name``."""
    m = re.search(rf'<select id="assign-{name}" name="{name}">(.*?)</select>', html, re.S)
    assert m is not None, f"no select for {name}"
    return [
        (v, label, bool(sel))
        for v, sel, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', m.group(1)
        )
    ]


def test_the_assign_form_offers_the_organs_units_and_handlers_by_name(world, client):
    app = _registered(world)
    client.force_login(world.clerk)
    with at("2024-09-20"):
        html = client.get(f"/staff/applications/{app.tracking_code}/").content.decode()
    assert '<input type="text" id="assign-unit"' not in html  # no typed codes any more
    assert '<input type="text" id="assign-assignee"' not in html
    units = _select(html, "unit")
    # the organ applied to (preselected) and its division; never another organ
    assert units == [
        (world.office.code, world.office.name, True),
        (world.division.code, world.division.name, False),
    ]
    handlers = _select(html, "assignee")
    labels = {label for _, label, _ in handlers}
    assert "王经办（测试区人民政府办公室）" in labels
    assert "郑审核（测试区人民政府办公室）" in labels
    assert "吴负责人（测试区人民政府办公室）" in labels
    assert not any("李经办" in label for label in labels)  # the civil affairs bureau's clerk
    assert not any("周主管" in label for label in labels)  # supervisors do not handle
    assert not any("管理员" in label for label in labels)  # the system administrator is no handler
    assert [v for v, _, sel in handlers if sel] == [world.clerk.username]  # the actor


def test_the_page_assigns_to_a_division_and_refuses_another_organ_in_plain_chinese(world, client):
    app = _registered(world)
    client.force_login(world.clerk)
    url = f"/staff/applications/{app.tracking_code}/act/assign/"
    with at("2024-09-20"):
        refused = client.post(
            url, {"version": app.version, "unit": world.civil.code, "assignee": ""}, follow=True
        ).content.decode()
        assert (
            f"不能分办到“{world.civil.code}”：只能分办给受理机关测试区人民政府办公室或其内设机构"
            in refused
        )
        app.refresh_from_db()
        assert app.assigned_unit is None
        nobody = client.post(
            url,
            {"version": app.version, "unit": world.office.code, "assignee": "other_clerk"},
            follow=True,
        ).content.decode()
        assert "“李经办”不能承办该申请" in nobody
        client.post(
            url,
            {
                "version": app.version,
                "unit": world.division.code,
                "assignee": world.reviewer.username,
            },
        )
    app.refresh_from_db()
    assert app.assigned_unit == world.division
    assert app.assignee == world.reviewer


def test_the_api_takes_codes_and_checks_them_the_same_way(world, client):
    app = _registered(world)
    client.force_login(world.clerk)
    url = f"/api/applications/{app.tracking_code}/actions/assign"
    with at("2024-09-20"):
        r = client.post(
            url,
            {"version": app.version, "payload": {"unit": "G0001"}},  # the government: above
            content_type="application/json",
        )
        assert r.status_code == 400
        assert "只能分办给受理机关测试区人民政府办公室或其内设机构" in r.json()["detail"]
        r = client.post(
            url,
            {"version": app.version, "payload": {"assignee": "supervisor"}},
            content_type="application/json",
        )
        assert r.status_code == 400
        assert "“周主管”不能承办该申请" in r.json()["detail"]
        r = client.post(
            url,
            {"version": app.version, "payload": {"assignee": "admin"}},
            content_type="application/json",
        )
        assert r.status_code == 400
        assert "承办人应是测试区人民政府办公室或其内设机构的在职工作人员" in r.json()["detail"]
        r = client.post(
            url,
            {"version": app.version, "payload": {"unit": world.division.code}},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    assert r.json()["assigned_unit"] == world.division.code


def test_an_inactive_handler_is_neither_offered_nor_accepted(world):
    from gongkai.org.services import staff_update

    app = _registered(world)
    staff_update(
        actor=world.admin,
        user=world.reviewer,
        full_name=world.reviewer.full_name,
        unit=world.office,
        roles=["reviewer"],
        is_active=False,
        version=world.reviewer.version,
    )
    assert world.reviewer.username not in [p.username for p, _ in assign_handlers(app)]
    with pytest.raises(ValidationFailed, match="“郑审核”不能承办该申请"):
        act(world.clerk, app, "assign", "2024-09-20", assignee="reviewer")
