"""What a policy is (finder.policy): 规章, 行政规范性文件 and 其他政策文件 need their 政策标签 before
publishing; a meeting notice or an appointment does not; an interpretation carries its
policy's tags unless it has its own."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.documents import lifecycle
from gongkai.documents.services import relation_add
from gongkai.finder.policy import is_policy, policy_q
from gongkai.finder.selectors import match, tags_of
from gongkai.finder.services import tags_set

POLICIES: list[tuple[str, dict[str, Any]]] = [
    ("示范区政府规章", {"doc_kind": "规章"}),
    ("行政规范性文件", {"doc_kind": "规范性文件", "is_normative": True}),
    ("关于促进中小企业发展的若干意见", {"doc_kind": "意见", "art20_item": 1}),
    ("关于做好高校毕业生就业补贴的通知", {"doc_kind": "通知", "art20_item": 11}),
    ("十五五规划纲要", {"doc_kind": "规划计划", "art20_item": 3}),
    ("重大政策", {"doc_kind": "通知", "art20_item": 1, "is_major_policy": True}),
]
NOT_POLICIES: list[tuple[str, dict[str, Any]]] = [
    ("关于召开全区政务公开工作会议的通知", {"doc_kind": "通知", "art20_item": 1}),
    ("关于张三同志任职的决定", {"doc_kind": "决定", "art20_item": 2}),
    ("2026年前三季度经济运行情况", {"doc_kind": "统计信息", "art20_item": 4}),
    ("关于某事项的批复", {"doc_kind": "批复", "art20_item": 11}),
]


@pytest.mark.parametrize(("title", "values"), POLICIES + NOT_POLICIES)
def test_the_rule_and_its_query_agree(world, make_doc, title, values) -> None:
    doc = make_doc(title=title, **values)
    expected = (title, values) in POLICIES
    assert is_policy(doc) is expected
    assert type(doc).objects.filter(policy_q(), pk=doc.pk).exists() is expected


@pytest.mark.parametrize(("title", "values"), POLICIES)
def test_every_kind_of_policy_needs_its_tags_before_publishing(
    world, make_doc, publish, title, values
) -> None:
    doc = make_doc(title=title, **values)
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    doc.refresh_from_db()
    if doc.is_normative:
        from gongkai.documents.tests.conftest import record_normative

        record_normative(doc, world.reviewer)
    publisher = world.head if doc.is_normative else world.clerk
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.document_publish(actor=publisher, document=doc)
    (problem,) = exc.value.problems
    assert problem.startswith(f"“{title}”是政策文件（")
    assert "发布前须设置政策北斗的政策标签" in problem
    doc.refresh_from_db()
    assert doc.live is None
    tags_set(actor=world.clerk, document=doc, tags={"who": ["企业"]})
    lifecycle.document_publish(actor=publisher, document=doc)
    doc.refresh_from_db()
    assert doc.live is not None


@pytest.mark.parametrize(("title", "values"), NOT_POLICIES)
def test_other_documents_publish_without_tags(world, make_doc, publish, title, values) -> None:
    doc = make_doc(title=title, **values)
    publish(doc)
    assert doc.live is not None
    assert not doc.finder_tags.exists()


def test_an_interpretation_carries_its_policys_tags_unless_it_has_its_own(
    world, make_doc, publish
) -> None:
    policy = make_doc(title="小微企业创业补贴办法", doc_kind="规范性文件", is_normative=True)
    tags_set(actor=world.clerk, document=policy, tags={"who": ["企业"], "scale": ["小型"]})
    publish(policy)
    interp = make_doc(
        title="《小微企业创业补贴办法》政策解读",
        doc_kind="政策解读",
        is_interpretation=True,
        interpretation_form="文字",
    )
    relation_add(actor=world.clerk, document=interp, target=policy, kind="interprets")
    assert not is_policy(interp)
    publish(interp)  # no tags of its own needed
    assert tags_of([interp.pk])[interp.pk] == {"who": {"企业"}, "scale": {"小型"}}
    found = [m.document.pk for m in match({"who": ["企业"], "scale": ["小型"]})]
    assert found == [interp.pk, policy.pk]
    # its own tags win
    tags_set(actor=world.clerk, document=interp, tags={"who": ["个人"]})
    assert [m.document.pk for m in match({"who": ["企业"]})] == [policy.pk]
    assert [m.document.pk for m in match({"who": ["个人"]})] == [interp.pk]
    # and it leaves the finder with its policy
    tags_set(actor=world.clerk, document=interp, tags={"who": ["企业"]})
    lifecycle.document_repeal(actor=world.head, document=policy, note="被新办法替代")
    assert match({"who": ["企业"]}) == []


def test_a_policy_without_tags_cannot_be_scheduled_either(world, make_doc) -> None:
    """Scheduled documents are published later by the tick job, unattended: the check runs
    when the person schedules it."""
    import datetime

    from django.utils import timezone

    doc = make_doc(title="关于促进中小企业发展的若干意见", doc_kind="意见", art20_item=1)
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    at = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed, match="发布前须设置政策北斗的政策标签"):
        lifecycle.document_schedule(actor=world.clerk, document=doc, at=at)
    tags_set(actor=world.clerk, document=doc, tags={"who": ["企业"]})
    assert lifecycle.document_schedule(actor=world.clerk, document=doc, at=at).state == "scheduled"
