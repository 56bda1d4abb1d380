"""`gongkai import messages FILE --unit CODE --channel 12345`: answered public tickets reach
留言选登 masked (after the moderator), the rest wait in the to-do list with due dates, a
broken file writes nothing, a re-import changes nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.interaction.machine import Publication, State
from gongkai.interaction.models import Message
from gongkai.interaction.tests.conftest import HEADERS, at
from gongkai.moderation.models import ModerationItem
from gongkai.moderation.services import moderation_decide
from gongkai.workbench.todo import todo_items

pytestmark = pytest.mark.usefixtures("calendar")


def _rows(world):
    return [
        [
            "2026110100001",
            "2026-11-02 09:15",
            "诸葛热线甲",
            "13566667777",
            "小区门口路灯不亮",
            "诸葛热线甲反映：明珠路66弄路灯坏了，车牌沪A12345的车常停在那里，电话13566667777。",
            "是",
            world.civil.name,
            "2026-11-05",
            "诸葛热线甲您好，路灯已于11月4日修复。",
        ],
        [
            "2026110100002",
            "2026-11-03 14:00",
            "司马热线乙",
            "021-55556666",
            "噪声扰民",
            "夜间施工噪声，请处理。",
            "否",
            world.civil.name,
            "2026-11-06",
            "已责成施工单位整改。",
        ],
        [
            "2026110100003",
            "2026-11-04",
            "上官热线丙",
            "13611112222",
            "咨询养老补贴",
            "请问养老补贴如何申请？",
            "是",
            "",
            "",
            "",
        ],
    ]


def _write(tmp_path, rows, name="t.csv"):
    path = tmp_path / name
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADERS)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _import(path, world):
    out = io.StringIO()
    with at("2026-11-09"):
        call_command(
            "import",
            "messages",
            str(path),
            "--unit",
            world.office.code,
            "--channel",
            "12345",
            stdout=out,
        )
    return out.getvalue()


def test_answered_public_tickets_reach_xuandeng_masked_and_the_rest_wait_with_due_dates(
    world, tmp_path, client
):
    out = _import(_write(tmp_path, _rows(world)), world)
    assert "已导入 3 条（其中已答复 2 条）" in out
    answered = Message.objects.get(source_ref="2026110100001")
    assert answered.state == State.REPLIED
    assert answered.publication == Publication.PENDING
    assert answered.replied_on_time is True
    private = Message.objects.get(source_ref="2026110100002")
    assert private.publication == Publication.NOT_CHOSEN
    waiting = Message.objects.get(source_ref="2026110100003")
    assert waiting.state == State.RECEIVED
    assert str(waiting.due_on) == "2026-11-11"
    # the unanswered one is in the office clerk's to-do list, overdue/due soon flagged
    labels = {(t.group, t.label): t.count for t in todo_items(world.clerk)}
    assert labels[("政民互动", "待审查分办")] == 1
    assert labels[("政民互动", "即将到期")] == 1
    # a moderator of the replying unit confirms; then it is public and masked
    item = ModerationItem.objects.get(object_id=str(answered.pk))
    from gongkai.org.models import Role
    from gongkai.testing import make_staff

    reviewer = make_staff("civil_rev", world.civil, Role.REVIEWER)
    moderation_decide(actor=reviewer, item_id=item.pk, decision="published", version=item.version)
    page = client.get("/hudong/xuandeng/").content.decode()
    assert "小区门口路灯不亮" in page
    detail = client.get(f"/hudong/xuandeng/{answered.pk}/").content.decode()
    assert "路灯已于11月4日修复" in detail
    for secret in ("诸葛热线甲", "13566667777", "明珠路66弄", "沪A12345", "司马热线乙"):
        assert secret not in page
        assert secret not in detail
    # tracking by ticket number + phone works for the imported ticket
    r = client.post("/hudong/track/", {"code": "2026110100003", "phone": "13611112222"})
    assert r.status_code == 200
    assert "咨询养老补贴" in r.content.decode()


def test_importing_the_same_file_again_changes_nothing(world, tmp_path):
    path = _write(tmp_path, _rows(world))
    _import(path, world)
    before = list(Message.objects.order_by("pk").values_list("pk", "state", "version"))
    out = _import(path, world)
    assert "已导入 0 条" in out
    assert "已存在未变动 3 条" in out
    assert list(Message.objects.order_by("pk").values_list("pk", "state", "version")) == before


def test_a_broken_file_writes_nothing_and_names_each_line(world, tmp_path):
    rows = _rows(world)
    rows[1][1] = "十一月三日"  # unreadable time
    rows[2][6] = "也许"  # neither 是 nor 否
    rows.append(list(rows[0]))  # a duplicate number
    path = _write(tmp_path, rows)
    with pytest.raises(CommandError) as exc:
        _import(path, world)
    text = str(exc.value)
    assert "未写入任何数据" in text
    assert "第3行：“收到时间”" in text
    assert "第4行：“是否公开”" in text
    assert "第5行：“编号”2026110100001 与第2行重复" in text
    assert Message.objects.count() == 0
    assert ModerationItem.objects.count() == 0


def test_missing_headers_and_an_unknown_channel_are_refused(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("编号,标题\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列"):
        _import(path, world)
    with pytest.raises(CommandError, match="不是可导入的渠道"):
        call_command(
            "import", "messages", str(path), "--unit", world.office.code, "--channel", "zxzx"
        )
