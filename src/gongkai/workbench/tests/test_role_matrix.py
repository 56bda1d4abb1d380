"""Every role × every staff page and API route: allowed exactly when the access layer says so.

Routes are discovered from the URLconf (everything under /staff/) and from the API's routers, so
a new page or route without a declared permission fails here. Pages whose URL takes arguments
are checked for a declared permission; object-level rules are tested by their own modules, and
``SAMPLE_ARGS`` below lets a module add a sample object so its page joins the GET walk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api import api
from gongkai.org.access import Perm, permissions_of
from gongkai.testing import PERSONAS, World

PUBLIC_STAFF = {"workbench:login", "workbench:logout"}

# url name → function(world) returning reverse() args, for pages whose URL has arguments.
SAMPLE_ARGS: dict[str, Callable[[World], list[Any]]] = {
    "workbench:unit-edit": lambda w: [w.office.code],
}


def _walk(patterns: list[Any], prefix: str, ns: str) -> Iterator[tuple[str, str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{ns}:{p.name}" if ns else str(p.name), p


def staff_pages() -> list[tuple[str, str, Any]]:
    return [
        (route, name, p.callback)
        for route, name, p in _walk(get_resolver().url_patterns, "", "")
        if route.startswith("staff/") and name not in PUBLIC_STAFF
    ]


def test_every_staff_page_declares_its_permission():
    pages = staff_pages()
    assert len(pages) >= 10
    for route, name, callback in pages:
        assert isinstance(getattr(callback, "required_perm", None), Perm), (route, name)


def _has_args(route: str) -> bool:
    return "<" in route


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_the_staff_pages_its_roles_allow(persona, world, client):
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    perms = permissions_of(user)
    checked = 0
    for route, name, callback in staff_pages():
        if _has_args(route):
            if name not in SAMPLE_ARGS:
                continue
            url = reverse(name, args=SAMPLE_ARGS[name](world))
        else:
            url = reverse(name)
        perm = callback.required_perm
        response = client.get(url)
        if user is None:
            assert response.status_code == 302, name
            assert "/staff/login/" in response["Location"]
        elif perm not in perms:
            assert response.status_code == 403, (persona, name)
            assert "没有权限" in response.content.decode()
        else:
            assert response.status_code == 200, (persona, name, response.status_code)
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_unit_edit_is_limited_to_units_in_the_managers_scope(world, client):
    client.force_login(world.head)  # head of the office: no MANAGE_UNITS at all
    assert client.get(reverse("workbench:unit-edit", args=[world.office.code])).status_code == 403
    client.force_login(world.admin)
    assert client.get(reverse("workbench:unit-edit", args=[world.civil.code])).status_code == 200
    assert client.get(reverse("workbench:unit-edit", args=["NOPE"])).status_code == 404


def api_routes():
    routes = []
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                for method in op.methods:
                    full = f"/api{router_prefix}{path}".replace("//", "/")
                    routes.append((method, full, op.view_func))
    return routes


def test_every_staff_api_route_declares_its_permission():
    routes = api_routes()
    assert len(routes) >= 4
    for method, path, view in routes:
        if path.startswith("/api/public/"):
            continue
        assert isinstance(getattr(view, "required_perm", None), Perm), (method, path)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_the_api_routes_its_roles_allow(persona, world, client):
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    perms = permissions_of(user)
    checked = 0
    for method, path, view in api_routes():
        if method != "GET" or "{" in path or path.startswith("/api/public/"):
            continue
        response = client.get(path)
        if user is None:
            assert response.status_code == 401, path
        elif view.required_perm not in perms:
            assert response.status_code == 403, (persona, path)
        else:
            assert response.status_code == 200, (persona, path, response.content)
        checked += 1
    assert checked >= 3


@pytest.mark.django_db
def test_api_unit_list_is_scoped_to_the_persona(world, client):
    client.force_login(world.clerk)
    codes = [u["code"] for u in client.get("/api/units").json()]
    assert codes == [world.office.code]
    client.force_login(world.supervisor)
    codes = {u["code"] for u in client.get("/api/units").json()}
    assert codes == {world.gov.code, world.office.code, world.division.code, world.civil.code}


# Written out by hand, independently of ROLE_PERMISSIONS: a wrong grant in the access layer
# fails here even though the generic walk above derives its expectations from that table.
ALL_FOUNDATION = {
    "workbench:home",
    "workbench:deadline",
    "workbench:units",
    "workbench:unit-new",
    "workbench:unit-import",
    "workbench:unit-edit",
    "workbench:people",
    "workbench:person-new",
    "workbench:calendar",
    "workbench:calendar-import",
    "workbench:audit",
    "workbench:audit-export",
}
EVERY_STAFF = {"workbench:home", "workbench:deadline", "workbench:units", "workbench:calendar"}
EXPECTED_FOUNDATION = {
    "clerk": EVERY_STAFF,
    "reviewer": EVERY_STAFF,
    "head": EVERY_STAFF | {"workbench:people", "workbench:audit"},
    "supervisor": EVERY_STAFF | {"workbench:people", "workbench:audit", "workbench:audit-export"},
    "admin": ALL_FOUNDATION,
    "other_clerk": EVERY_STAFF,
    "anonymous": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_foundation_pages_match_the_written_out_matrix(persona, world, client):
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    allowed = set()
    for name in sorted(ALL_FOUNDATION):
        args = SAMPLE_ARGS[name](world) if name in SAMPLE_ARGS else []
        if name == "workbench:unit-edit":
            args = [world.office.code]
        status = client.get(reverse(name, args=args)).status_code
        assert status in (200, 302, 403), (persona, name, status)
        if status == 200:
            allowed.add(name)
        elif status == 302:
            assert user is None, (persona, name)
    assert allowed == EXPECTED_FOUNDATION[persona]


@pytest.mark.django_db
def test_unsafe_methods_are_refused_to_roles_without_the_permission(world, client):
    client.force_login(world.clerk)
    cases = [
        ("workbench:unit-new", [], {"code": "X1", "name": "x", "kind": "other", "sort_order": 0}),
        ("workbench:unit-edit", [world.office.code], {"name": "改名"}),
        ("workbench:calendar-import", [], {}),
        ("workbench:person-new", [], {"username": "x"}),
    ]
    for name, args, data in cases:
        assert client.post(reverse(name, args=args), data).status_code == 403, name
    world.office.refresh_from_db()
    assert world.office.name == "测试区人民政府办公室"
