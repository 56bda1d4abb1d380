"""政策解读: linked both ways; a normative document without one raises a to-do and a warning;
the share of diversified interpretations (seeds 000/004: at least 50%)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai import statute
from gongkai.documents import lifecycle, selectors, services
from gongkai.documents.tests.conftest import _tag_if_policy, record_normative
from gongkai.workbench.todo import todo_items

pytestmark = pytest.mark.django_db


def _todo_labels(user):
    return {(i.group, i.label): i.count for i in todo_items(user) if i.group == "主动公开"}


def test_publishing_a_normative_document_without_interpretation_warns_and_adds_a_todo(
    world, make_doc, publish
):
    doc = make_doc(is_normative=True)
    result = publish(doc)
    assert any("三同步" in w for w in result.warnings)
    assert _todo_labels(world.clerk)[("主动公开", "规范性文件待解读")] == 1
    interp = make_doc(title="一图读懂", is_interpretation=True, interpretation_form="图解")
    services.relation_add(actor=world.clerk, document=interp, target=doc, kind="interprets")
    publish(interp)
    assert ("主动公开", "规范性文件待解读") not in _todo_labels(world.clerk)


def test_an_ordinary_notice_needs_no_interpretation(world, make_doc, publish):
    result = publish(make_doc())
    assert result.warnings == []


def test_the_workbench_shows_the_warning_on_the_publish_page(world, client, make_doc):
    doc = make_doc(is_normative=True)
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    record_normative(doc, world.reviewer)
    _tag_if_policy(world, doc)  # a 行政规范性文件 is published with its 政策标签
    client.force_login(world.head)  # a normative document is published by the head
    response = client.post(reverse("documents_staff:action", args=[doc.pk, "publish"]), follow=True)
    assert "三同步" in response.content.decode()
    client.force_login(world.clerk)
    home = client.get(reverse("workbench:home")).content.decode()
    assert "规范性文件待解读" in home


def test_reviewers_see_submitted_documents_they_did_not_draft(world, make_doc):
    doc = make_doc()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    assert _todo_labels(world.reviewer)[("主动公开", "待审查")] == 1
    assert ("主动公开", "待审查") not in _todo_labels(world.clerk)


def test_interpretation_needs_a_form_and_links_both_ways(world, client, make_doc, publish):
    from gongkai.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="解读形式"):
        make_doc(is_interpretation=True, interpretation_form="")
    policy = make_doc(is_normative=True, title="某办法")
    publish(policy)
    interp = make_doc(
        title="某办法问答",
        is_interpretation=True,
        interpretation_form="问答",
        interpretation_stage="同步",
    )
    services.relation_add(actor=world.clerk, document=interp, target=policy, kind="interprets")
    publish(interp)
    rel = selectors.public_relations(policy)
    assert [d.pk for _, d in rel["interpretations"]] == [interp.pk]
    assert [d.pk for _, d in selectors.public_relations(interp)["out"]] == [policy.pk]


@pytest.mark.parametrize(
    ("forms", "percent", "meets"),
    [
        (["文字", "图解"], 50.0, True),
        (["文字", "文字", "视频"], 33.3, False),
        (["动漫", "问答", "新闻发布会", "文字"], 75.0, True),
        ([], 0.0, False),
    ],
)
def test_the_diversified_interpretation_share(world, make_doc, publish, forms, percent, meets):
    for i, form in enumerate(forms):
        publish(make_doc(title=f"解读{i}", is_interpretation=True, interpretation_form=form))
    share = selectors.interpretation_share()
    assert share.percent == percent
    assert share.meets_target is meets
    assert statute.DIVERSIFIED_INTERPRETATION_MIN_PERCENT == 50


def test_a_draft_interpretation_does_not_count_until_reviewed(world, make_doc, publish):
    policy = make_doc(is_normative=True)
    interp = make_doc(title="尚在起草的解读", is_interpretation=True, interpretation_form="视频")
    services.relation_add(actor=world.clerk, document=interp, target=policy, kind="interprets")
    result = publish(policy)
    assert any("三同步" in w for w in result.warnings)
    lifecycle.document_submit(actor=world.clerk, document=interp)
    lifecycle.document_approve(
        actor=world.reviewer,
        document=interp,
        disclosure_mode="主动公开",
        confidentiality_checked=True,
    )
    assert ("主动公开", "规范性文件待解读") not in _todo_labels(world.clerk)
    lifecycle.document_publish(actor=world.clerk, document=interp)
    lifecycle.document_withdraw(actor=world.reviewer, document=interp, reason="误发")
    assert _todo_labels(world.clerk)[("主动公开", "规范性文件待解读")] == 1
