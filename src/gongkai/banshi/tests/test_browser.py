"""The guide (with an uploaded blank form), the 一件事 page and the staff edit page: axe finds
nothing, nothing scrolls sideways at 390 px, and "· 办事指南" never breaks inside the word."""

from __future__ import annotations

import pytest

from gongkai.banshi.demo import blank_docx
from gongkai.banshi.services import blank_form_set, one_thing_save, service_save

from .test_forms import SERVICE


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["default", "english"])
def test_guide_one_thing_and_staff_edit_pass_axe_and_fit_a_phone(
    page, axe_violations, mode, live_server
) -> None:
    from gongkai.documents.services import topics_install_defaults
    from gongkai.portal.tests.test_browser import a11y_report, enter_mode
    from gongkai.testing import PASSWORD, build_world

    world = build_world()
    topics_install_defaults()
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    blank_form_set(
        actor=world.clerk,
        item=item,
        material="创业补贴申请表",
        name="创业补贴申请表.docx",
        data=blank_docx("创业补贴申请表", ["申请单位"]),
        version=item.version,
    )
    other = service_save(
        actor=world.clerk,
        unit=world.office,
        raw={**SERVICE, "code": "11310101MB-GG-802", "name": "企业开办登记"},
    )
    thing = one_thing_save(
        actor=world.clerk,
        unit=world.office,
        title="开办一家小微企业",
        summary="登记后申领补贴。",
        codes=[other.code, item.code],
    )
    enter_mode(page, mode)
    public = [f"/banshi/{item.code}/", f"/banshi/yijianshi/{thing.pk}/", "/banshi/"]
    reports = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in public:
            page.goto(path)
            label = f"{path} [{mode}, {width}px]"
            reports.append(a11y_report(page, axe_violations, label))
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                reports.append(f"{label}: {overflow}px of horizontal scroll")
            if path == public[0]:
                # the label wraps as a whole, never "办 / 事指南"
                lines = page.evaluate(
                    "document.querySelector('.banshi-guide-label').getClientRects().length"
                )
                if lines != 1:
                    reports.append(f"{label}: “办事指南” broken over {lines} lines")
    if mode == "default":
        page.goto("/staff/login/")
        page.fill("#id_username", world.clerk.username)
        page.fill("#id_password", PASSWORD)
        page.locator("button.primary").click()
        page.wait_for_load_state()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"/staff/banshi/{item.code}/")
            label = f"staff edit [{width}px]"
            reports.append(a11y_report(page, axe_violations, label))
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                reports.append(f"{label}: {overflow}px of horizontal scroll")
    reports = [r for r in reports if r]
    assert not reports, "\n".join(reports)
