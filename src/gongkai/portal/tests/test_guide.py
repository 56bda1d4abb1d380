"""政府信息公开指南 (条例 Art. 12): edited by staff, public with its update date and the office's
contact details taken from the unit."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.portal.models import DisclosureGuide
from gongkai.testing import make_staff


def edit(client, code, body, version):
    return client.post(reverse("guide:edit", args=[code]), {"body": body, "version": version})


@pytest.mark.django_db
def test_the_head_writes_the_guide_and_the_public_sees_it_with_its_update_date(world, client):
    head_gov = make_staff("head_gov", world.gov, "head")
    client.force_login(head_gov)
    with time_machine.travel("2026-03-02 10:00 +0800"):
        response = edit(client, world.gov.code, "<h2>一、主动公开</h2><p>按第二十条编排。</p>", 0)
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("portal:xxgk-entry", args=["guide"])).content.decode()
    assert "一、主动公开" in html
    assert '<time datetime="2026-03-02" id="guide-updated">2026年3月2日</time>' in html
    assert "测试区人民政府" in html
    assert "办公地址" in html
    event = AuditEvent.objects.get(action="guide.create", object_id=world.gov.code)
    assert event.actor == head_gov


@pytest.mark.django_db
def test_unsafe_html_is_removed_before_it_is_stored(world, client):
    client.force_login(world.head)
    edit(client, world.office.code, '<p onclick="x()">正文</p><script>alert(1)</script>', 0)
    guide = DisclosureGuide.objects.get(unit=world.office)
    assert guide.body == "<p>正文</p>"


@pytest.mark.django_db
def test_a_stale_edit_gets_a_conflict_and_the_newer_text_survives(world, client):
    client.force_login(world.head)
    edit(client, world.office.code, "<p>第一版</p>", 0)
    edit(client, world.office.code, "<p>第二版</p>", 1)
    stale = edit(client, world.office.code, "<p>过时的修改</p>", 1)
    assert "已被他人修改" in stale.content.decode()
    assert DisclosureGuide.objects.get(unit=world.office).body == "<p>第二版</p>"


@pytest.mark.django_db
def test_only_heads_and_administrators_edit_and_only_in_their_scope(world, client):
    client.force_login(world.clerk)
    assert client.get(reverse("guide:list")).status_code == 403
    client.force_login(world.head)  # head of the office
    assert client.get(reverse("guide:edit", args=[world.office.code])).status_code == 200
    assert client.get(reverse("guide:edit", args=[world.civil.code])).status_code == 404
    assert edit(client, world.civil.code, "<p>越权</p>", 0).status_code == 404
    assert not DisclosureGuide.objects.filter(unit=world.civil).exists()


@pytest.mark.django_db
def test_visitors_choose_which_units_guide_to_read(world, client):
    client.force_login(world.admin)
    edit(client, world.gov.code, "<p>区政府指南</p>", 0)
    edit(client, world.civil.code, "<p>民政局指南</p>", 0)
    client.logout()
    default = client.get(reverse("portal:xxgk-entry", args=["guide"])).content.decode()
    assert "区政府指南" in default  # the top-level unit's guide first
    chosen = client.get(
        reverse("portal:xxgk-entry", args=["guide"]), {"unit": world.civil.code}
    ).content.decode()
    assert "民政局指南" in chosen
    assert "测试区民政局" in chosen


@pytest.mark.django_db
def test_an_empty_guide_is_refused(world, client):
    client.force_login(world.head)
    html = edit(client, world.office.code, "<script>only()</script>", 0).content.decode()
    assert "指南正文不能为空" in html
    assert not DisclosureGuide.objects.exists()
