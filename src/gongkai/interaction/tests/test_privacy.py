"""The public privacy scan (as applications/tests/test_privacy.py) extended to 政民互动: a
writer's distinctive name, phone, e-mail and ID number — also typed inside the message text —
and an imported 12345 caller's, never appear on any public page, feed, search result or public
API response, at every stage (received, routed, replied, published, rated)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command

from gongkai.applications.tests.test_privacy import _public_paths
from gongkai.interaction.models import Message
from gongkai.interaction.services import message_rate
from gongkai.interaction.tests.conftest import HEADERS, act, at, submit
from gongkai.moderation.models import ModerationItem
from gongkai.moderation.services import moderation_decide
from gongkai.workbench.tests.test_role_matrix import api_routes

pytestmark = pytest.mark.usefixtures("calendar")

WRITER: dict[str, Any] = {
    "name": "龘靐留言人",
    "phone": "13798765432",
    "email": "zzq-secret-writer@example.net",
    "title": "关于龘靐留言人家门口道路维修的咨询",
    "content": "我叫龘靐留言人，身份证11010519491231002X，电话13798765432，"
    "邮箱zzq-secret-writer@example.net，住在秘密路九百九十九号，请问道路何时维修？",
    "wants_public": True,
}
CALLER: tuple[str, str] = ("鱻靐热线人", "13687654321")
NEEDLES: list[str] = [
    str(WRITER["name"]),
    "龘靐",
    WRITER["phone"],
    "98765432",
    WRITER["email"],
    "11010519491231002X",
    "秘密路九百九十九号",
    CALLER[0],
    CALLER[1],
]


def _scan(label: str, body: bytes | str) -> None:
    text = body if isinstance(body, str) else body.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    for needle in NEEDLES:
        assert needle not in text, f"{label} leaks {needle!r}"


def test_no_public_response_contains_a_writers_personal_data(world, client, tmp_path):
    cache.clear()
    from gongkai.org.models import Role
    from gongkai.testing import make_staff

    civil_reviewer = make_staff("civil_rev", world.civil, Role.REVIEWER)
    waiting = submit(world, **WRITER)
    done = submit(world, **WRITER)
    act(world.clerk, done, "route", to_unit=world.civil)
    act(world.other_clerk, done, "draft_reply", reply="龘靐留言人您好：道路将于下月维修。")
    act(civil_reviewer, done, "approve_reply")
    act(world.other_clerk, done, "send_reply")
    item = ModerationItem.objects.get(object_id=str(done.pk))
    moderation_decide(
        actor=civil_reviewer, item_id=item.pk, decision="published", version=item.version
    )
    message_rate(code=done.tracking_code, phone=WRITER["phone"], satisfaction="basic")
    # an imported, answered, public 12345 ticket
    path = tmp_path / "t.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows(
        [
            HEADERS,
            [
                "T1",
                "2026-11-02",
                CALLER[0],
                CALLER[1],
                "路灯",
                f"{CALLER[0]}说路灯坏了",
                "是",
                world.office.name,
                "2026-11-03",
                f"{CALLER[0]}您好，已修复。",
            ],
        ]
    )
    path.write_text(buf.getvalue(), encoding="utf-8")
    with at("2026-11-04"):
        call_command(
            "import", "messages", str(path), "--unit", world.office.code, "--channel", "12345"
        )
    ticket = Message.objects.get(source_ref="T1")
    item = ModerationItem.objects.get(object_id=str(ticket.pk))
    moderation_decide(
        actor=world.reviewer, item_id=item.pk, decision="published", version=item.version
    )
    scanned = 0
    paths = set(_public_paths()) | {
        f"/hudong/xuandeng/{done.pk}/",
        f"/hudong/xuandeng/{ticket.pk}/",
        "/hudong/qingkuang/?month=2026-11",
        "/hudong/xuandeng/?month=2026-11",
    }
    for path_ in sorted(paths):
        response = client.get(path_)
        if response.status_code == 200 and not response.streaming:
            _scan(path_, response.content)
            scanned += 1
    for method, route, _view in api_routes():
        if method == "GET" and route.startswith("/api/public/") and "{" not in route:
            response = client.get(route)
            if response.status_code == 200:
                _scan(route, response.content)
                scanned += 1
    _scan("published api 2026-11", client.get("/api/public/interaction/published").content)
    _scan("openapi", client.get("/api/openapi.json").content)
    # the search index and its public API
    from gongkai.interaction.search_source import all_records

    for record in all_records():
        _scan("search record", json.dumps(record.to_json(), ensure_ascii=False))
    # the writer's own progress page and API show no name, phone or e-mail either
    for m in (waiting, done, ticket):
        phone = CALLER[1] if m.pk == ticket.pk else WRITER["phone"]
        page = client.post("/hudong/track/", {"code": m.tracking_code, "phone": phone})
        assert page.status_code == 200
        _scan("progress page", page.content)
        api = client.post(
            "/api/public/interaction/track",
            {"code": m.tracking_code, "phone": phone},
            content_type="application/json",
        )
        assert api.status_code == 200
        _scan("progress api", api.content)
    # the sitemap and the feed the scan read list both published messages
    for feed in ("/sitemap.xml", "/xxgk/feed.atom"):
        listed = client.get(feed).content.decode()
        assert f"/hudong/xuandeng/{done.pk}/" in listed, feed
        assert f"/hudong/xuandeng/{ticket.pk}/" in listed, feed
    published = client.get(f"/hudong/xuandeng/{done.pk}/").content.decode()
    assert "道路将于下月维修" in published  # the scan looked at the real published text
    assert scanned >= 8
