"""The API keeps its OpenAPI contract under generated requests (schemathesis; issue 13 finding 9).

Every operation of /api/openapi.json is called with requests schemathesis draws from the schema
(valid and invalid), anonymously and as a clerk (signed in, with CSRF): no answer is a server
error, every status is one the operation documents, every body matches its documented schema
and content type. Bounded (a few examples per operation), deterministic (``derandomize``: the
same examples on every run), in-process (WSGI, no server). It runs on both legs: on PostgreSQL
too, since out-of-range numbers fail there in their own way.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.api import api, error_statuses

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 5  # per operation, mode and persona: about 500 requests, well under a minute


def _as(persona: str, world: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, cookies) of the persona: a signed-in session and a CSRF token."""
    if persona == "anonymous":
        return {}, {}
    client = Client()
    client.force_login(getattr(world, persona))
    token = _get_new_csrf_string()
    return {"X-CSRFToken": token}, {
        "sessionid": client.cookies["sessionid"].value,
        "csrftoken": token,
    }


BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _exercise(world: Any, persona: str) -> dict[str, set[int]]:
    """Every operation, valid and invalid requests; returns the statuses each path answered.
    (schemathesis' own pytest plugin does not run under pytest 9: its strategies are driven
    with hypothesis directly.)"""
    app = get_wsgi_application()
    raw = api.get_openapi_schema()
    schema = schemathesis.openapi.from_dict(raw)
    headers, cookies = _as(persona, world)
    seen: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema raises here
        spec = raw["paths"][operation.path][operation.method.lower()]
        takes_input = bool(spec.get("parameters") or spec.get("requestBody"))
        # an operation that takes nothing has no invalid request to draw
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if takes_input else [])
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @BOUNDED
            def run(case: Any) -> None:
                response = case.call(app=app, headers=headers, cookies=cookies)
                seen.setdefault(case.operation.path, set()).add(response.status_code)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                run()
            except Unsatisfiable:
                # every input is free text: nothing the schema forbids can be drawn
                if mode is GenerationMode.POSITIVE:
                    raise
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "clerk"])
def test_the_api_keeps_its_contract(world, persona):
    seen = _exercise(world, persona)
    assert len(seen) == len(api.get_openapi_schema()["paths"])  # every path was called
    staff = [path for path in seen if not path.startswith("/api/public/")]
    answered = {path for path in staff if any(200 <= s < 300 for s in seen[path])}
    if persona == "anonymous":
        assert answered == set()  # nothing of the staff API without signing in
    else:
        assert {"/api/units", "/api/applications", "/api/documents"} <= answered


def test_every_operation_documents_the_errors_it_can_answer():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert set(error_statuses(path, operation)) <= documented, (method, path)
            assert 400 in documented
            if operation.get("security"):
                assert {401, 403} <= documented, (method, path)


def test_schema_names_are_unique_per_module():
    names = api.get_openapi_schema()["components"]["schemas"]
    assert "ApplicationTransitionOut" in names
    assert "DocumentTransitionOut" in names
    assert "TransitionOut" not in names


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/public/applications/track", "/api/public/applications"])
def test_a_json_body_sent_as_text_plain_is_refused_with_415(path):
    """A cross-site page can POST text/plain without asking; the API reads JSON only as JSON."""
    response = Client().post(path, data='{"code": "GK2024-ABCDEF", "secret": "1234"}',
                             content_type="text/plain")  # fmt: skip
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
