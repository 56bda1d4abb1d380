"""Issue 3 §7: an applicant's name, ID number, phone, e-mail and address never appear on any
public page, feed, search result or public API response. Distinctive values are seeded into
cases at every stage, then every public URL is fetched and scanned."""

from __future__ import annotations

import contextlib
import json

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.applications.tests.conftest import CASE, act, at, submit
from gongkai.workbench.tests.test_role_matrix import api_routes

pytestmark = pytest.mark.usefixtures("calendar")

SECRET_PERSON = {
    "name": "龘靐齉測試人",
    "id_type": "id_card",
    "id_number": "11010119800101999X",
    "phone": "13712345678",
    "email": "zzq-secret-applicant@example.net",
    "address": "秘密市隐私路八百八十八号",
}
NEEDLES = [
    SECRET_PERSON["name"],
    SECRET_PERSON["id_number"],
    SECRET_PERSON["phone"],
    SECRET_PERSON["email"],
    SECRET_PERSON["address"],
    "龘靐",  # part of the name
    "12345678",  # part of the phone
]


def _public_paths():
    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns, ""):
        if route.startswith(("staff/", "api/", "i18n/")) or "<" in route or "(" in route:
            continue
        yield "/" + route.lstrip("^").rstrip("$")


def _scan(label, body):
    text = body if isinstance(body, str) else body.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    for needle in NEEDLES:
        assert needle not in text, f"{label} leaks {needle!r}"


def test_no_public_response_contains_an_applicants_personal_data(world, client):
    cache.clear()
    open_app = submit(world, "2024-09-20", applicant=SECRET_PERSON)
    done = submit(
        world,
        "2024-09-20",
        applicant=SECRET_PERSON,
        values={**CASE, "information": f"{SECRET_PERSON['name']}本人的低保审批材料"},
    )
    act(world.clerk, done, "register", "2024-09-20")
    act(world.clerk, done, "assign", "2024-09-20")
    act(
        world.clerk,
        done,
        "draft_reply",
        "2024-09-23",
        outcome="disclosed",
        reply_text="见附件。",
        convert_suggested="1",
    )
    act(world.reviewer, done, "approve_reply", "2024-09-23")
    act(world.clerk, done, "send_reply", "2024-09-23")
    scanned = 0
    for path in sorted(set(_public_paths())):
        response = client.get(path)
        if response.status_code == 200 and not response.streaming:
            _scan(path, response.content)
            scanned += 1
    for method, path, _view in api_routes():
        if method == "GET" and path.startswith("/api/public/") and "{" not in path:
            response = client.get(path)
            if response.status_code == 200:
                _scan(path, response.content)
                scanned += 1
    for doc in ("/api/openapi.json",):
        _scan(doc, client.get(doc).content)
    # the applicant's own views: tracking page and API, the receipt of the submitting browser
    for app in (open_app, done):
        page = client.post("/yishenqing/track/", {"code": app.tracking_code, "secret": "999X"})
        assert page.status_code == 200
        _scan("track page", page.content)
        api = client.post(
            "/api/public/applications/track",
            {"code": app.tracking_code, "secret": SECRET_PERSON["phone"]},
            content_type="application/json",
        )
        assert api.status_code == 200
        _scan("track api", api.content)
    with at("2024-09-24"):
        r = client.post(
            "/yishenqing/",
            {"unit": world.office.code, **CASE, **SECRET_PERSON, "website": ""},
            follow=True,
        )
        assert r.status_code == 200
        _scan("receipt", r.content)
    assert scanned >= 5
