"""Every role × every staff page and API route: allowed exactly when the access layer says so.

Routes are discovered from the URLconf (everything under /staff/) and from the API's routers, so
a new page or route without a declared permission fails here. Pages and API routes whose URL
takes arguments are walked with sample objects built once per test through the apps' own
services (``build_samples``); an arg-taking page or route without an entry in ``SAMPLE_ARGS`` /
``API_SAMPLES`` fails ``test_every_arg_taking_staff_page_has_a_sample`` (and its API twin), so
nothing is skipped silently. POST-only pages are listed in ``POST_ONLY`` and checked to refuse
GET with 405 and POST without the permission with 403; every staff API write route is sent a
well-formed body (``API_WRITES``) by nobody (401) and by each persona without its permission
(403, nothing written).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api import api
from gongkai.applications.files import casefile_add
from gongkai.applications.models import Application
from gongkai.applications.tests.conftest import CASE, PERSON, act, submit
from gongkai.audit.models import AuditEvent
from gongkai.core.middleware import acting_through
from gongkai.documents import services as document_services
from gongkai.documents.models import Document
from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT
from gongkai.org.access import Perm, can, permissions_of
from gongkai.participation.tests.samples import participation_samples
from gongkai.testing import PERSONAS, World, tiny_pdf
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

PUBLIC_STAFF = {"workbench:login", "workbench:logout"}

# Every persona but other_clerk (民政局) works in the office or in a unit above it, and the
# sample objects all belong to the office: other_clerk is the one persona who may hold a page's
# permission and still be outside the object's unit. Written out here, not derived, so a scope
# rule that widens or narrows by mistake fails the walk.
OUTSIDE_THE_OFFICE = {"other_clerk"}


@dataclass
class Samples:
    """One object of each kind the arg-taking pages show, all in ``world.office``."""

    world: World
    case: Application  # submitted online, registered, one correction notice (a letter) sent
    letter_seq: int
    case_file_id: int
    doc: Document  # a draft, so the edit page and the attachment routes apply
    attachment_id: int
    report_year: int
    plan_id: int = 0  # 工作台账 of the office, one task the office is responsible for
    task_id: int = 0
    thematic_id: int = 0


DOCUMENT = SAMPLE_DOCUMENT


def build_samples(world: World) -> Samples:
    """Made the way staff and citizens make them: through each app's services and helpers."""
    with acting_through("cli"):  # the applications' tests load the same two years
        for year in (2024, 2025):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)
    case = submit(world, "2024-09-20")  # online, to the office (applications' own helper)
    act(world.clerk, case, "register", "2024-09-20")
    case = act(world.clerk, case, "request_correction", "2024-09-23", what="请写明所需信息的年份")
    case_file = casefile_add(
        actor=world.clerk,
        code=case.tracking_code,
        kind="original",
        name="原件.pdf",
        data=tiny_pdf(),
    )
    # The taxonomy comes from a data migration that a transactional test elsewhere may flush.
    document_services.topics_install_defaults()
    doc = document_services.document_create(actor=world.clerk, unit=world.office, values=DOCUMENT)
    attachment = document_services.attachment_add(
        actor=world.clerk, document=doc, name="附件.pdf", data=tiny_pdf()
    )
    from gongkai.workplans.services import plan_import

    with acting_through("cli"):
        plan = plan_import(
            actor=None,
            unit=world.office,
            year=2024,
            path="台账.csv",
            content=f"序号,任务,责任单位,完成时限\n1,公开目录,{world.office.name},6月30日前\n".encode(),
            system=True,
        ).plan
    assert plan is not None
    from gongkai.catalogue.services import catalogue_import
    from gongkai.catalogue.tests.conftest import national_rows, national_xlsx

    catalogue_import(  # a draft catalogue of the office with items 1..3
        actor=world.clerk,
        unit=world.office,
        name="目录.xlsx",
        content=national_xlsx(national_rows(3)),
    )
    from gongkai.thematic.services import entry_save

    thematic = entry_save(  # a draft project budget of the office
        actor=world.clerk, unit=world.office, column="project-budget", raw={"title": "项目预算样例"}
    )
    samples = Samples(
        plan_id=plan.pk,
        task_id=plan.tasks.get().pk,
        world=world,
        case=case,
        letter_seq=case.events.get(letter="correction").seq,
        case_file_id=case_file.pk,
        doc=doc,
        attachment_id=attachment.pk,
        report_year=2024,  # the year the sample case was received
        thematic_id=thematic.pk,
    )
    _message_code(samples)  # 政民互动: a message in the office
    return samples


@dataclass(frozen=True)
class Sample:
    """How to reach one arg-taking page and who may see its object.

    ``scope``: the persona sees the object when it holds one of these permissions in the
    object's unit (world.office); empty means the page's own permission. A persona who holds the
    page's permission but not in that unit gets ``out_of_scope`` (404 where the view hides
    whether the object exists, 403 where it says the unit is not the persona's)."""

    args: Callable[[Samples], list[Any]]
    query: dict[str, str] | None = None
    scope: tuple[Perm, ...] = ()
    out_of_scope: int = 404
    unscoped: bool = False  # the argument names no unit's object (a column, a kind)


# The case is visible through application_for (VIEW_APPLICATIONS in the unit); its files and
# letters carry the applicant's personal data and also need applicant_for (HANDLE or REVIEW in
# the unit). Documents are visible in the workbench to HANDLE or REVIEW in their unit.
CASE_DATA = (Perm.HANDLE, Perm.REVIEW)
DOC_STAFF = (Perm.HANDLE, Perm.REVIEW)


def _code(s: Samples) -> str:
    return s.case.tracking_code


def _office(s: Samples) -> str:
    return s.world.office.code


def _message_code(s: Samples) -> str:
    """A 政策咨询 message to the office (made once per walk, through the public service)."""
    code = getattr(s, "_message_code", None)
    if code is None:
        from gongkai.interaction.models import Channel
        from gongkai.interaction.services import channels_install_defaults, message_submit

        channels_install_defaults()
        code = message_submit(
            channel=Channel.objects.get(slug="zxzx"),
            unit=s.world.office,
            values={"name": "测试人", "phone": "13800001111", "title": "咨询", "content": "内容"},
        ).tracking_code
        s._message_code = code  # type: ignore[attr-defined]
    return code


def _faq_entry(s: Samples) -> int:
    """A draft FAQ entry of the office (made once, through the FAQ app's service)."""
    from gongkai.faq.models import FaqEntry
    from gongkai.faq.services import faq_create

    found = FaqEntry.objects.filter(unit=s.world.office).first()
    if found is None:
        with acting_through("cli"):
            found = faq_create(
                actor=s.world.clerk, unit=s.world.office, values={"question": "问", "answer": "答"}
            )
    return found.pk


def _service_code(s: Samples) -> str:
    """A service item of the office (made once, through the banshi app's service)."""
    from gongkai.banshi.models import ServiceItem
    from gongkai.banshi.services import service_save

    code = "11310101MB-SAMPLE-001"
    if not ServiceItem.objects.filter(code=code).exists():
        raw = {
            **dict.fromkeys(("name", "kind", "basis", "conditions", "process"), "样例"),
            "code": code,
            "list_kind": "公共服务事项",
            "materials": "申请表",
            "time_limit": "5个工作日",
            "channel": "窗口",
            "contact": "021-60000000",
        }
        with acting_through("cli"):
            service_save(actor=s.world.clerk, unit=s.world.office, raw=raw)
    return code


# url name → how to reach it. Every staff page whose URL has arguments must be here.
SAMPLE_ARGS: dict[str, Sample] = {
    # unit_edit answers 403 "不在您的管理范围内" for an existing unit outside the scope.
    "workbench:unit-edit": Sample(lambda s: [_office(s)], out_of_scope=403),
    "workbench:person-edit": Sample(lambda s: [s.world.clerk.username]),
    "applications:case": Sample(lambda s: [_code(s)]),
    "applications:act": Sample(lambda s: [_code(s), "assign"]),
    "applications:relief": Sample(lambda s: [_code(s)]),
    "applications:file-add": Sample(lambda s: [_code(s)]),
    "applications:file": Sample(lambda s: [_code(s), s.case_file_id], scope=CASE_DATA),
    "applications:case-convert": Sample(lambda s: [_code(s)]),
    "applications:letter": Sample(lambda s: [_code(s), s.letter_seq, "docx"], scope=CASE_DATA),
    "documents_staff:detail": Sample(lambda s: [s.doc.pk], scope=DOC_STAFF),
    "documents_staff:edit": Sample(lambda s: [s.doc.pk], scope=DOC_STAFF),
    "documents_staff:action": Sample(lambda s: [s.doc.pk, "submit"], scope=DOC_STAFF),
    "documents_staff:attach": Sample(lambda s: [s.doc.pk], scope=DOC_STAFF),
    "documents_staff:attachment-remove": Sample(
        lambda s: [s.doc.pk, s.attachment_id], scope=DOC_STAFF
    ),
    "documents_staff:attachment-file": Sample(
        lambda s: [s.doc.pk, s.attachment_id], scope=DOC_STAFF
    ),
    "documents_staff:relate": Sample(lambda s: [s.doc.pk], scope=DOC_STAFF),
    "documents_staff:link": Sample(lambda s: [s.doc.pk], scope=DOC_STAFF),
    # unit_for_report raises AccessDenied ("您没有权限查看该机构的年度报告") outside the scope.
    "reports:detail": Sample(lambda s: [_office(s), s.report_year], out_of_scope=403),
    "reports:cell": Sample(
        lambda s: [_office(s), s.report_year],
        query={"table": "3", "row": "（七）总计", "col": "总计"},
        out_of_scope=403,
    ),
    "reports:download": Sample(lambda s: [_office(s), s.report_year, "xlsx"], out_of_scope=403),
    "guide:edit": Sample(lambda s: [_office(s)]),
    # 工作台账: plans are seen by their unit's managers and by units with a task in them.
    "workplans:plan": Sample(lambda s: [s.plan_id], scope=(Perm.HANDLE, Perm.MANAGE_WORKPLANS)),
    "workplans:export": Sample(
        lambda s: [s.plan_id, "xlsx"], scope=(Perm.HANDLE, Perm.MANAGE_WORKPLANS)
    ),
    "workplans:task": Sample(lambda s: [s.task_id], scope=(Perm.HANDLE, Perm.MANAGE_WORKPLANS)),
    "catalogue_staff:unit": Sample(lambda s: [_office(s)]),
    "catalogue_staff:item-new": Sample(lambda s: [_office(s)]),
    "catalogue_staff:item": Sample(lambda s: [_office(s), 1]),
    "catalogue_staff:overview-unit": Sample(lambda s: [_office(s)]),
    "thematic_staff:column": Sample(lambda s: ["project-budget"], unscoped=True),
    "thematic_staff:entry-new": Sample(lambda s: ["project-budget"], unscoped=True),
    # entries are seen by HANDLE in their unit (entries_for_staff)
    "thematic_staff:entry": Sample(
        lambda s: ["project-budget", s.thematic_id], scope=(Perm.HANDLE,)
    ),
    # 政策标签 of a document: seen like the document (document_for_staff)
    "finder_staff:tags": Sample(lambda s: [s.doc.pk], scope=DOC_STAFF),
    # POST-only; the walk never posts as a moderator, so no item is needed
    "moderation:decide": Sample(lambda s: [0]),
    "interaction_staff:detail": Sample(lambda s: [_message_code(s)]),
    "interaction_staff:act": Sample(lambda s: [_message_code(s)]),
    "interaction_staff:channel_edit": Sample(lambda s: ["zxzx"]),
    "faq_staff:edit": Sample(lambda s: [_faq_entry(s)], scope=DOC_STAFF),
    "faq_staff:step": Sample(lambda s: [_faq_entry(s)], scope=DOC_STAFF),
    "participation_staff:catalogue": Sample(lambda s: [participation_samples(s.world).catalogue]),
    "participation_staff:decision": Sample(lambda s: [participation_samples(s.world).decision]),
    "participation_staff:consultation": Sample(
        lambda s: [participation_samples(s.world).consultation]
    ),
    "participation_staff:meeting": Sample(lambda s: [participation_samples(s.world).meeting]),
    "participation_staff:activity": Sample(lambda s: [participation_samples(s.world).activity]),
    # 办事事项 are seen by HANDLE in their unit (items_for_staff)
    "banshi_staff:edit": Sample(lambda s: [_service_code(s)]),
    "banshi_staff:form": Sample(lambda s: [_service_code(s)]),
    "banshi_staff:withdraw": Sample(lambda s: [_service_code(s)]),
}

# POST-only endpoints: @require_POST wraps @staff_view, so a GET is answered 405 before anyone
# is asked to log in (anonymous included). The walk checks exactly that, and that a POST from a
# persona without the page's permission is refused (403) and from nobody sent to the login page.
# Posting as a persona who holds the permission would act on the case or document; the apps'
# own tests do that with real form data.
POST_ONLY = {
    "applications:act",
    "applications:relief",
    "applications:file-add",
    "applications:case-convert",
    "documents_staff:action",
    "documents_staff:attach",
    "documents_staff:attachment-remove",
    "documents_staff:relate",
    "documents_staff:link",
    "moderation:decide",
    "interaction_staff:act",
    "faq_staff:step",
    "banshi_staff:form",
    "banshi_staff:withdraw",
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


def test_every_arg_taking_staff_page_has_a_sample():
    pages = staff_pages()
    names = {name for _, name, _ in pages}
    missing = sorted(
        name for route, name, _ in pages if _has_args(route) and name not in SAMPLE_ARGS
    )
    assert not missing, f"staff pages with URL arguments and no SAMPLE_ARGS entry: {missing}"
    assert not sorted(set(SAMPLE_ARGS) - names), "SAMPLE_ARGS names pages that no longer exist"
    assert set(SAMPLE_ARGS) >= POST_ONLY


def _login_as(client: Client, world: World, persona: str) -> Any:
    client.logout()
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    return user


def _sees(user: Any, perm: Perm, scope: tuple[Perm, ...], s: Samples) -> bool:
    """Does the access layer let ``user`` at an object of the office (see ``Sample.scope``)?"""
    return any(can(user, p, s.world.office) for p in scope or (perm,))


def _outside(persona: str, sees: bool, what: str, problems: list[str]) -> bool:
    """Is the persona outside the object's unit? The access layer's answer must agree with the
    written-out OUTSIDE_THE_OFFICE, both ways (a widened or a narrowed scope is reported)."""
    if sees == (persona in OUTSIDE_THE_OFFICE):
        verdict = "sees" if sees else "does not see"
        problems.append(
            f"{persona} {what}: the access layer says the persona {verdict} the office's object;"
            " OUTSIDE_THE_OFFICE says the opposite"
        )
    return not sees


def _status(response: Any) -> int:
    if response.streaming:  # a file download: read it, and the test client closes the file
        b"".join(response.streaming_content)
    return int(response.status_code)


@pytest.mark.django_db
def test_each_persona_gets_exactly_the_staff_pages_its_roles_allow(
    world: World, client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    s = build_samples(world)
    problems: list[str] = []
    checked = 0
    for persona in PERSONAS:
        user = _login_as(client, world, persona)
        perms = permissions_of(user)
        for _route, name, callback in staff_pages():
            perm = callback.required_perm
            sample = SAMPLE_ARGS.get(name)
            url = reverse(name, args=sample.args(s) if sample else [])
            if sample and sample.query:
                url += "?" + urlencode(sample.query)
            response = client.get(url)
            got = _status(response)
            checked += 1
            if name in POST_ONLY:
                expected = 405
            elif user is None:
                expected = 302
            elif perm not in perms:
                expected = 403
            elif (
                sample
                and not sample.unscoped
                and _outside(persona, _sees(user, perm, sample.scope, s), name, problems)
            ):
                expected = sample.out_of_scope
            else:
                expected = 200
            if got != expected:
                problems.append(f"{persona} GET {url} ({name}): {got}, expected {expected}")
            elif expected == 302 and "/staff/login/" not in response["Location"]:
                problems.append(f"{persona} {name}: redirected to {response['Location']}")
            elif (
                expected == 403
                and perm not in perms
                and "没有权限" not in response.content.decode()
            ):
                problems.append(f"{persona} {name}: 403 without saying 没有权限")
            if name in POST_ONLY and (user is None or perm not in perms):
                got = _status(client.post(url))
                expected = 302 if user is None else 403
                if got != expected:
                    problems.append(f"{persona} POST {url} ({name}): {got}, expected {expected}")
    assert not problems, "\n".join(problems)
    assert checked == len(PERSONAS) * len(staff_pages())


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


def staff_api_routes():
    return [r for r in api_routes() if not r[1].startswith("/api/public/")]


def test_every_staff_api_route_declares_its_permission():
    routes = api_routes()
    assert len(routes) >= 4
    for method, path, view in staff_api_routes():
        assert isinstance(getattr(view, "required_perm", None), Perm), (method, path)


@dataclass(frozen=True)
class ApiSample:
    """Path parameters for one API path; ``scope`` as in ``Sample`` (out of scope: 404)."""

    params: Callable[[Samples], dict[str, Any]]
    scope: tuple[Perm, ...] = ()


# API path → its path parameters. Every staff API path with parameters must be here.
API_SAMPLES: dict[str, ApiSample] = {
    "/api/applications/{code}": ApiSample(lambda s: {"code": _code(s)}),
    "/api/applications/{code}/actions/{action}": ApiSample(
        lambda s: {"code": _code(s), "action": "assign"}
    ),
    "/api/applications/{code}/relief": ApiSample(lambda s: {"code": _code(s)}),
    "/api/applications/{code}/convert": ApiSample(lambda s: {"code": _code(s)}),
    "/api/applications/{code}/files": ApiSample(lambda s: {"code": _code(s)}),
    "/api/applications/{code}/letters/{seq}/{fmt}": ApiSample(
        lambda s: {"code": _code(s), "seq": s.letter_seq, "fmt": "docx"}, scope=CASE_DATA
    ),
    "/api/documents/{doc_id}": ApiSample(lambda s: {"doc_id": s.doc.pk}, scope=DOC_STAFF),
    "/api/documents/{doc_id}/transitions/{name}": ApiSample(
        lambda s: {"doc_id": s.doc.pk, "name": "submit"}, scope=DOC_STAFF
    ),
    "/api/workplans/{plan_id}/tasks": ApiSample(
        lambda s: {"plan_id": s.plan_id}, scope=(Perm.HANDLE, Perm.MANAGE_WORKPLANS)
    ),
    "/api/workplans/tasks/{task_id}/progress": ApiSample(lambda s: {"task_id": s.task_id}),
    "/api/interaction/messages/{code}": ApiSample(lambda s: {"code": _message_code(s)}),
    "/api/interaction/messages/{code}/act": ApiSample(lambda s: {"code": _message_code(s)}),
    # POST-only: refused by the permission check before the object is looked up
    "/api/participation/comments/{comment_id}/answer": ApiSample(lambda s: {"comment_id": 0}),
    "/api/participation/decisions/{decision_id}/report": ApiSample(lambda s: {"decision_id": 0}),
}


def test_every_staff_api_path_with_parameters_has_a_sample():
    paths = {path for _, path, _ in staff_api_routes()}
    missing = sorted(p for p in paths if "{" in p and p not in API_SAMPLES)
    assert not missing, f"staff API paths with parameters and no API_SAMPLES entry: {missing}"
    assert not sorted(set(API_SAMPLES) - paths), "API_SAMPLES names paths that no longer exist"


def _api_url(path: str, s: Samples) -> str:
    sample = API_SAMPLES.get(path)
    return path.format(**sample.params(s)) if sample else path


@pytest.mark.django_db
def test_each_persona_gets_exactly_the_api_routes_its_roles_allow(
    world: World, client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    s = build_samples(world)
    problems: list[str] = []
    checked = 0
    for persona in PERSONAS:
        user = _login_as(client, world, persona)
        perms = permissions_of(user)
        for method, path, view in staff_api_routes():
            url = _api_url(path, s)
            if method != "GET":
                continue  # the writes have their own walk below
            got = _status(client.get(url))
            checked += 1
            sample = API_SAMPLES.get(path)
            if user is None:
                expected = 401
            elif view.required_perm not in perms:
                expected = 403
            elif sample and _outside(
                persona, _sees(user, view.required_perm, sample.scope, s), path, problems
            ):
                expected = 404
            else:
                expected = 200
            if got != expected:
                problems.append(f"{persona} GET {url}: {got}, expected {expected}")
    assert not problems, "\n".join(problems)
    assert checked == len(PERSONAS) * sum(1 for m, _, _ in staff_api_routes() if m == "GET")


# (method, path) → a well-formed body for each staff write route: ninja validates the body
# before the view (and its permission check) runs, so a malformed one would be answered 422
# and never reach the refusal being tested. Every staff write route must be here.
API_WRITES: dict[tuple[str, str], Callable[[Samples], dict[str, Any]]] = {
    ("POST", "/api/applications"): lambda s: {
        "json": {**CASE, "unit": _office(s), "channel": "letter", "applicant": PERSON}
    },
    ("POST", "/api/applications/{code}/actions/{action}"): lambda s: {
        "json": {"version": s.case.version, "payload": {}}
    },
    ("POST", "/api/applications/{code}/relief"): lambda s: {
        "json": {"kind": "reconsideration", "filed_on": "2024-10-08"}
    },
    ("POST", "/api/applications/{code}/convert"): lambda s: {"json": {"decision": "publish"}},
    ("POST", "/api/applications/{code}/files"): lambda s: {
        "multipart": {"kind": "original", "file": SimpleUploadedFile("原件.pdf", tiny_pdf())}
    },
    ("POST", "/api/documents"): lambda s: {"json": {"unit": _office(s), "values": DOCUMENT}},
    ("PATCH", "/api/documents/{doc_id}"): lambda s: {
        "json": {"values": {"title": "改过的标题"}, "version": s.doc.version}
    },
    ("POST", "/api/documents/{doc_id}/transitions/{name}"): lambda s: {"json": {}},
    ("POST", "/api/workplans/tasks/{task_id}/progress"): lambda s: {
        "json": {"unit": _office(s), "version": 1, "status": "in_progress", "text": "已启动"}
    },
    ("POST", "/api/interaction/messages/{code}/act"): lambda s: {
        "json": {"action": "route", "version": 1, "to_unit": _office(s)}
    },
    ("POST", "/api/participation/comments/{comment_id}/answer"): lambda s: {
        "json": {"version": 0, "answer": "adopted"}
    },
    ("POST", "/api/participation/decisions/{decision_id}/report"): lambda s: {
        "json": {"version": 0}
    },
}


def test_every_staff_api_write_route_has_a_body():
    writes = {(m, p) for m, p, _ in staff_api_routes() if m != "GET"}
    missing = sorted(writes - set(API_WRITES))
    assert not missing, f"staff API write routes with no API_WRITES body: {missing}"
    assert not sorted(set(API_WRITES) - writes), "API_WRITES names routes that no longer exist"


@pytest.mark.django_db
def test_api_writes_are_refused_to_personas_without_the_permission(
    world: World, client: Client, settings: Any, tmp_path: Path
) -> None:
    """Nobody: 401; a persona without the route's permission: 403, and nothing is written.
    What holders may write (and the object-level refusals) is tested by the apps' API tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    s = build_samples(world)
    events_before = AuditEvent.objects.count()  # the samples' own events
    problems: list[str] = []
    refused = 0
    for persona in PERSONAS:
        user = _login_as(client, world, persona)
        perms = permissions_of(user)
        for method, path, view in staff_api_routes():
            if method == "GET" or (user is not None and view.required_perm in perms):
                continue
            url = _api_url(path, s)
            body = API_WRITES[(method, path)](s)
            if "multipart" in body:
                response = client.generic(
                    method, url, encode_multipart(BOUNDARY, body["multipart"]), MULTIPART_CONTENT
                )
            else:
                response = client.generic(method, url, json.dumps(body["json"]), "application/json")
            expected = 401 if user is None else 403
            if _status(response) != expected:
                problems.append(
                    f"{persona} {method} {url}: {response.status_code}, expected {expected}"
                    f" ({response.content[:200]!r})"
                )
            elif expected == 403 and "没有权限" not in response.json()["detail"]:
                problems.append(f"{persona} {method} {url}: 403 not from the permission check")
            refused += 1
    assert not problems, "\n".join(problems)
    written = AuditEvent.objects.order_by("pk")[events_before:].values_list("action", flat=True)
    assert set(written) <= {"staff.login", "staff.logout"}  # the persona switches only
    # The supervisor holds no HANDLE: at least their refusals are real ones, not only anonymous.
    writes = sum(1 for m, _, _ in staff_api_routes() if m != "GET")
    assert refused > writes


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
    "workbench:person-edit",
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
        args = {
            "workbench:unit-edit": [world.office.code],
            "workbench:person-edit": [world.clerk.username],
        }.get(name, [])
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
