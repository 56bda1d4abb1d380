"""先审后发: what the public writes waits for a moderator; one decision wins; all audited."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import AccessDenied, ConflictError, ValidationFailed
from gongkai.moderation.models import ModerationItem, ModerationState
from gongkai.moderation.registry import ModerationKind, register_moderation_kind
from gongkai.moderation.services import moderation_decide, moderation_submit

PUBLISHED: dict[str, str] = {}
REJECTED: list[str] = []


@pytest.fixture(autouse=True)
def test_kind() -> Iterator[None]:
    register_moderation_kind(
        ModerationKind(
            name="test.comment",
            label="测试评论",
            on_publish=lambda item, actor, text: PUBLISHED.__setitem__(item.object_id, text),
            on_reject=lambda item, actor: REJECTED.append(item.object_id),
            names=lambda item: ["赵六"],
        )
    )
    PUBLISHED.clear()
    REJECTED.clear()
    yield
    from gongkai.moderation import registry

    registry._kinds.pop("test.comment", None)


def _submit(
    world, object_id="1", text="赵六说：请在幸福路12号装路灯，电话13812345678"
) -> ModerationItem:
    with transaction.atomic():
        return moderation_submit(
            kind="test.comment", object_id=object_id, unit=world.office, text=text, title="路灯"
        )


def test_a_submitted_item_waits_and_is_published_masked(world) -> None:
    item = _submit(world)
    assert item.state == ModerationState.PENDING
    assert PUBLISHED == {}
    done = moderation_decide(
        actor=world.reviewer, item_id=item.pk, decision="published", version=item.version
    )
    assert done.state == ModerationState.PUBLISHED
    text = PUBLISHED["1"]
    assert "13812345678" not in text
    assert "赵六" not in text
    assert "幸福路12号" not in text
    assert "请在" in text
    assert AuditEvent.objects.filter(action="moderation.published").count() == 1


def test_a_moderator_cannot_publish_personal_data_by_editing_the_text(world) -> None:
    item = _submit(world)
    moderation_decide(
        actor=world.reviewer,
        item_id=item.pk,
        decision="published",
        version=item.version,
        text="改写后：手机13912345678",
    )
    assert PUBLISHED["1"] == "改写后：手机【手机号码已隐去】"


def test_rejecting_needs_a_reason_and_other_needs_words(world) -> None:
    item = _submit(world)
    with pytest.raises(ValidationFailed, match="请选择不予发布的理由"):
        moderation_decide(
            actor=world.reviewer, item_id=item.pk, decision="rejected", version=item.version
        )
    with pytest.raises(ValidationFailed, match="请填写理由说明"):
        moderation_decide(
            actor=world.reviewer,
            item_id=item.pk,
            decision="rejected",
            version=item.version,
            reason="other",
        )
    done = moderation_decide(
        actor=world.reviewer,
        item_id=item.pk,
        decision="rejected",
        version=item.version,
        reason="spam",
    )
    assert done.get_reason_display() == "垃圾信息或广告"
    assert REJECTED == ["1"]
    with pytest.raises(ValidationFailed, match="不能改为"):
        moderation_decide(
            actor=world.reviewer, item_id=item.pk, decision="published", version=done.version
        )


def test_the_second_of_two_decisions_on_one_read_is_refused_clearly(world) -> None:
    item = _submit(world)
    moderation_decide(
        actor=world.reviewer, item_id=item.pk, decision="published", version=item.version
    )
    with pytest.raises(ConflictError, match=r"郑审核.*已发布"):
        moderation_decide(
            actor=world.head,
            item_id=item.pk,
            decision="rejected",
            version=item.version,
            reason="spam",
        )
    assert ModerationItem.objects.get(pk=item.pk).state == ModerationState.PUBLISHED
    assert REJECTED == []


def test_moderators_act_only_in_their_units_and_clerks_not_at_all(world) -> None:
    item = _submit(world)
    with pytest.raises(AccessDenied):
        moderation_decide(
            actor=world.clerk, item_id=item.pk, decision="published", version=item.version
        )
    with pytest.raises(AccessDenied):
        moderation_decide(
            actor=world.other_clerk, item_id=item.pk, decision="published", version=item.version
        )
    moderation_decide(
        actor=world.supervisor, item_id=item.pk, decision="published", version=item.version
    )


def test_the_queue_page_marks_personal_data_and_the_decision_form_works(world, login) -> None:
    item = _submit(world)
    c = login(world.reviewer)
    page = c.get("/staff/moderation/").content.decode()
    assert '<mark class="pii" title="手机号码">13812345678' in page
    assert "【手机号码已隐去】" in page  # the preview of what would be published
    r = c.post(
        f"/staff/moderation/{item.pk}/decide/",
        {"decision": "rejected", "reason": "off_topic", "version": item.version},
    )
    assert r.status_code == 302
    assert ModerationItem.objects.get(pk=item.pk).state == ModerationState.REJECTED
    again = c.post(
        f"/staff/moderation/{item.pk}/decide/",
        {"decision": "published", "version": item.version},
        follow=True,
    )
    assert "您的操作未执行" in again.content.decode()
    home = c.get("/staff/").content.decode()
    assert "待审核发布" in home  # the staff navigation link


def test_the_todo_list_counts_pending_items_per_kind(world, login) -> None:
    _submit(world, "1")
    _submit(world, "2")
    page = login(world.reviewer).get("/staff/").content.decode()
    assert "待审核：测试评论" in page
    assert ">2<" in page.split("待审核：测试评论")[1][:200]
