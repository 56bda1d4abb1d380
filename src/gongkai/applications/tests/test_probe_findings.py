"""Issue 13 finding 10 on the request pages: the convert decision followed any ``next=`` (an open
redirect), and bidi override characters in an applicant's text were shown raw."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.applications.tests.conftest import submit
from gongkai.applications.tests.test_pages import _replied

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.mark.parametrize("nxt", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_convert_decision_never_redirects_off_site(world, client, nxt):
    app = _replied(world)
    client.force_login(world.clerk)
    got = client.post(
        reverse("applications:case-convert", args=[app.tracking_code]),
        {"decision": "publish", "next": nxt},
    )
    assert got.status_code == 302
    assert got["Location"] == reverse("applications:case", args=[app.tracking_code])


def test_the_convert_decision_follows_a_next_on_this_site(world, client):
    app = _replied(world)
    client.force_login(world.clerk)
    got = client.post(
        reverse("applications:case-convert", args=[app.tracking_code]),
        {"decision": "publish", "next": reverse("applications:convert")},
    )
    assert got["Location"] == reverse("applications:convert")


def test_bidi_overrides_in_an_applicants_text_are_neutralised_on_the_pages(world, client):
    app = submit(
        world, "2024-09-20", values={"information": "关于\u202eexe.fdp的信息\u2066x\u2069"}
    )
    client.force_login(world.clerk)
    for url in (
        reverse("applications:case", args=[app.tracking_code]),
        reverse("applications:list"),
    ):
        html = client.get(url).content.decode()
        assert "\u202e" not in html
        assert "\u2066" not in html
    html = client.get(reverse("applications:case", args=[app.tracking_code])).content.decode()
    assert "关于\ufffdexe.fdp的信息\ufffdx\ufffd" in html
