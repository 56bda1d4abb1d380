"""Concurrent edits of a draft never silently overwrite (optimistic concurrency on Document)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.documents import lifecycle, services
from gongkai.documents.models import Document

pytestmark = pytest.mark.django_db

CONFLICT = "刷新页面查看最新内容后再修改"


def edit_data(client: Client, pk: int) -> dict[str, object]:
    """What the edit form would send back unchanged (unchecked boxes and empty fields left out)."""
    form = client.get(reverse("documents_staff:edit", args=[pk])).context["form"]
    return {k: v for k, v in form.initial.items() if v not in (None, False)}


def updates(doc: Document) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="document.update", object_id=str(doc.pk)))


def test_two_staff_editing_the_same_draft_the_second_gets_a_conflict_and_nothing_is_lost(
    world, client, make_doc
):
    doc = make_doc()
    client.force_login(world.clerk)
    other = Client()
    other.force_login(world.reviewer)
    first = edit_data(client, doc.pk)
    second = edit_data(other, doc.pk)
    assert first["version"] == second["version"] == doc.version
    url = reverse("documents_staff:edit", args=[doc.pk])
    first["summary"] = "第一位修改的概述"
    assert client.post(url, first).status_code == 302
    second["title"] = "第二位修改的标题"
    response = other.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人修改" in html
    assert CONFLICT in html
    assert "第二位修改的标题" in html  # the second editor's input is still on the form
    doc.refresh_from_db()
    assert doc.summary == "第一位修改的概述"  # the first edit survives
    assert doc.title == "关于加强政务公开工作的通知"  # the stale edit was not applied
    events = updates(doc)
    assert len(events) == 1
    assert events[0].actor == world.clerk
    assert events[0].after == {"summary": "第一位修改的概述"}
    # After reloading the page, the second editor saves on top of the first edit.
    fresh = edit_data(other, doc.pk)
    fresh["title"] = "第二位修改的标题"
    assert other.post(url, fresh).status_code == 302
    doc.refresh_from_db()
    assert (doc.title, doc.summary) == ("第二位修改的标题", "第一位修改的概述")


def test_a_workflow_step_or_relation_after_the_form_was_read_makes_it_stale(
    world, client, make_doc
):
    """Not only edits count: a relation that turns the draft into an interpretation, or a round
    of review, changes the working copy the form was read from."""
    target = make_doc(title="被解读的文件")
    doc = make_doc(title="解读稿")
    client.force_login(world.clerk)
    url = reverse("documents_staff:edit", args=[doc.pk])
    stale = edit_data(client, doc.pk)
    services.relation_add(actor=world.reviewer, document=doc, target=target, kind="interprets")
    response = client.post(url, {**stale, "summary": "改了概述"})
    assert CONFLICT in response.content.decode()
    doc.refresh_from_db()
    assert doc.is_interpretation  # not reset by the stale form
    assert doc.summary != "改了概述"
    stale = edit_data(client, doc.pk)
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_return(actor=world.reviewer, document=doc, note="请补充解读阶段")
    response = client.post(url, {**stale, "summary": "改了概述"})
    assert CONFLICT in response.content.decode()
    assert updates(doc) == []


def _patch(client: Client, pk: int, data: dict[str, object]):
    return client.patch(f"/api/documents/{pk}", json.dumps(data), content_type="application/json")


def test_the_api_requires_the_version_read_and_answers_409_when_it_is_stale(
    world, client, make_doc
):
    doc = make_doc()
    client.force_login(world.clerk)
    other = Client()
    other.force_login(world.reviewer)
    read = client.get(f"/api/documents/{doc.pk}").json()["version"]
    assert other.get(f"/api/documents/{doc.pk}").json()["version"] == read
    missing = _patch(client, doc.pk, {"values": {"title": "没有版本号"}})
    assert missing.status_code == 422  # the version is a required field
    r = _patch(client, doc.pk, {"values": {"summary": "接口第一位"}, "version": read})
    assert r.status_code == 200, r.content
    assert r.json()["version"] == read + 1
    r = _patch(other, doc.pk, {"values": {"title": "接口第二位"}, "version": read})
    assert r.status_code == 409
    assert CONFLICT in r.json()["detail"]
    doc.refresh_from_db()
    assert (doc.title, doc.summary) == ("关于加强政务公开工作的通知", "接口第一位")
    assert [e.after for e in updates(doc)] == [{"summary": "接口第一位"}]


def rereview_data(client: Client) -> dict[str, object]:
    """The hidden versions of the re-review page, as a browser would send them back."""
    rows = client.get(reverse("documents_staff:rereview")).context["rows"]
    return {f"v-{d.pk}": version for d, version in rows}


def test_two_reviewers_re_determining_the_same_document_the_second_gets_a_conflict(
    world, client, make_doc
):
    doc = make_doc(title="待重新认定的文件")
    other_doc = make_doc(title="另一件文件")
    url = reverse("documents_staff:rereview")
    client.force_login(world.reviewer)
    other = Client()
    other.force_login(world.head)
    first, second = rereview_data(client), rereview_data(other)
    assert first[f"v-{doc.pk}"] == second[f"v-{doc.pk}"] == doc.version
    first.update(doc=[doc.pk], mode="依申请公开", basis="条例第二十七条")
    assert client.post(url, first).status_code == 302
    second.update(doc=[doc.pk, other_doc.pk], mode="不予公开", basis="第二位写的依据")
    response = other.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "待重新认定的文件已被他人修改或重新认定" in html
    assert CONFLICT in html
    assert 'value="第二位写的依据"' in html  # the second reviewer's input is kept
    assert (
        f'value="{other_doc.pk}" id="rr-{other_doc.pk}" aria-label="选择 另一件文件" checked'
        in html
    )
    doc.refresh_from_db()
    other_doc.refresh_from_db()
    assert (doc.disclosure_mode, doc.disclosure_basis) == ("依申请公开", "条例第二十七条")
    assert other_doc.disclosure_mode == "未确定"  # the whole batch was refused
    events = AuditEvent.objects.filter(action="document.rereview")
    assert [(e.object_id, e.actor) for e in events] == [(str(doc.pk), world.reviewer)]


def test_an_approval_from_a_page_read_before_a_return_and_resubmission_is_refused(
    world, client, make_doc
):
    """The reviewer's page showed version N; meanwhile the draft was returned, edited and
    resubmitted: approving from the old page would pass content the reviewer never saw."""
    doc = make_doc()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    client.force_login(world.reviewer)
    page = client.get(reverse("documents_staff:detail", args=[doc.pk])).content.decode()
    seen = Document.objects.get(pk=doc.pk).version
    assert f'name="version" value="{seen}"' in page
    lifecycle.document_return(actor=world.head, document=doc, note="请补充依据")
    doc.refresh_from_db()
    services.document_update(
        actor=world.clerk, document=doc, values={"summary": "补充了依据的摘要"}, version=doc.version
    )
    doc.refresh_from_db()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    url = reverse("documents_staff:action", args=[doc.pk, "approve"])
    data = {
        "version": seen,
        "disclosure_mode": "主动公开",
        "confidentiality_checked": "on",
    }
    after = client.post(url, data, follow=True).content.decode()
    assert "该文件已被他人修改或办理" in after
    assert Document.objects.get(pk=doc.pk).state == "submitted"  # not approved
    data["version"] = Document.objects.get(pk=doc.pk).version  # the page read again
    client.post(url, data)
    assert Document.objects.get(pk=doc.pk).state != "submitted"


def test_the_version_is_checked_under_the_row_lock_by_the_lifecycle(world, make_doc):
    """The check sits in the lifecycle, after locking the row: no request can slip between a
    check in the view and the step."""
    from gongkai.core.errors import ConflictError

    doc = make_doc()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    doc.refresh_from_db()
    stale = doc.version - 1
    with pytest.raises(ConflictError), lifecycle.acting_on_version(doc.pk, stale):
        lifecycle.document_return(actor=world.reviewer, document=doc, note="退回")
    assert Document.objects.get(pk=doc.pk).state == "submitted"
    with lifecycle.acting_on_version(doc.pk, doc.version):
        lifecycle.document_return(actor=world.reviewer, document=doc, note="退回")
    assert Document.objects.get(pk=doc.pk).state != "submitted"
