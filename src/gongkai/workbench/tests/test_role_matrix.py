"""Every role × every staff page and API route: allowed exactly when the access layer says so.

The routes are discovered from the URLconf and the OpenAPI schema, so a new page or route without
a declared permission fails here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from gongkai.api import api
from gongkai.org.access import Perm, permissions_of
from gongkai.testing import PERSONAS

PUBLIC_WORKBENCH = {"login", "logout"}


def workbench_views():
    resolver = get_resolver()
    out = []
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) != "workbench":
            continue
        for p in pattern.url_patterns:
            assert isinstance(p, URLPattern)
            out.append((p.name, p.callback))
    return out


def test_every_workbench_view_declares_its_permission():
    for name, callback in workbench_views():
        if name in PUBLIC_WORKBENCH:
            continue
        assert isinstance(getattr(callback, "required_perm", None), Perm), name


def _url(name: str, world) -> str:
    if name == "unit-edit":
        return reverse("workbench:unit-edit", args=[world.office.code])
    return reverse(f"workbench:{name}")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_the_workbench_pages_its_roles_allow(persona, world, client):
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    perms = permissions_of(user)
    checked = 0
    for name, callback in workbench_views():
        if name in PUBLIC_WORKBENCH:
            continue
        perm = callback.required_perm
        response = client.get(_url(name, world))
        if user is None:
            assert response.status_code == 302, name
            assert "/staff/login/" in response["Location"]
        elif perm not in perms:
            assert response.status_code == 403, (persona, name)
            assert "没有权限" in response.content.decode()
        elif name == "unit-edit" and persona in ("other_clerk",):
            assert response.status_code == 403, (persona, name)
        else:
            assert response.status_code == 200, (persona, name, response.status_code)
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_a_clerk_of_another_unit_cannot_edit_this_unit(world, client):
    # The admin may manage units; give the other-unit persona that right only in its own unit.
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
                    routes.append((method, f"/api{router_prefix}{path}", op.view_func))
    return routes


def test_every_staff_api_route_declares_its_permission():
    for method, path, view in api_routes():
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
        if method != "GET" or "{" in path:
            continue
        url = path + ("?received=2024-09-27" if path.startswith("/api/public/") else "")
        response = client.get(url)
        if path.startswith("/api/public/"):
            assert response.status_code == 200
        elif user is None:
            assert response.status_code == 401, path
        elif view.required_perm not in perms:
            assert response.status_code == 403, (persona, path)
        else:
            assert response.status_code == 200, (persona, path, response.content)
        checked += 1
    assert checked >= 4


@pytest.mark.django_db
def test_api_unit_list_is_scoped_to_the_persona(world, client):
    client.force_login(world.clerk)
    codes = [u["code"] for u in client.get("/api/units").json()]
    assert codes == [world.office.code]
    client.force_login(world.supervisor)
    codes = {u["code"] for u in client.get("/api/units").json()}
    assert codes == {world.gov.code, world.office.code, world.division.code, world.civil.code}
