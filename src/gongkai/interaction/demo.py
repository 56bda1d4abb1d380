"""Demo messages for ``make demo``: every channel, every state of the handling, published and
rated ones, a board under two policy documents, an imported 12345 file, statistics over several
months (idempotent: nothing is added when the demo messages exist)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gongkai.core.middleware import acting_through
from gongkai.interaction.models import Channel, Message
from gongkai.interaction.services import (
    channels_install_defaults,
    message_act,
    message_rate,
    message_submit,
)
from gongkai.org.models import Unit, User
from gongkai.workdays.selectors import load_calendar

NAME = "演示留言人"

TOPICS = [
    ("zxzx", "加装电梯补贴如何申请", "请问既有多层住宅加装电梯的补贴标准和申请材料是什么？"),
    ("zxzx", "低保申请条件咨询", "家里老人没有收入，能否申请最低生活保障？需要哪些证明？"),
    ("ldxx", "建议增设社区养老服务点", "我们小区老人多，建议增设社区养老服务点和助餐点。"),
    ("wszx", "居住证办理需要多长时间", "办理居住证需要带哪些材料，多久可以拿到？"),
    ("jy", "建议延长图书馆开放时间", "建议区图书馆周末延长开放时间到晚上九点。"),
    ("ts", "道路施工噪声扰民", "夜间施工噪声很大，影响休息，请督促施工单位整改。"),
    ("zxzx", "义务教育入学政策咨询", "孩子明年上小学，户籍和居住证积分怎么计算入学顺序？"),
    ("wszx", "公租房申请进度", "公租房申请提交后多久审核完毕？在哪里查询？"),
    ("ldxx", "老旧小区改造征求意见", "老旧小区改造方案何时征求居民意见？"),
    ("jy", "建议增加公交线路", "建议开通连接东湖街道和地铁站的社区巴士。"),
    ("zxzx", "临时救助申请咨询", "因病导致生活困难，可以申请临时救助吗？"),
    ("ts", "占道经营问题", "菜场门口占道经营严重，行人通行困难。"),
]


def _writer(i: int) -> dict[str, Any]:
    return {
        "name": f"{NAME}{i}",
        "phone": f"1390000{i:04d}",
        "email": f"liuyan{i}@example.org",
    }


def build_demo_messages(office: str, civil: str, edu: str) -> int:
    """Create the demo messages; return how many were created."""
    if Message.objects.filter(name__startswith=NAME).exists():
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in=[office, civil, edu])}
    users = {u.username: u for u in User.objects.all()}
    needed = ("jingban", "shenhe", "minzheng", "minzheng-fzr", "jiaoyu")
    if len(units) < 3 or any(n not in users for n in needed):
        return 0
    channels_install_defaults()
    cal = load_calendar()
    today = timezone.localdate()

    def back(n: int) -> datetime.date:
        d, seen = today, 0
        while seen < n:
            d -= datetime.timedelta(days=1)
            seen += int(cal.day(d).is_working)
        return d

    def at(d: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(d, datetime.time(10, 0)))

    def step(m: Message, who: str, action: str, on: datetime.date, **kw: Any) -> Message:
        m.refresh_from_db()
        return message_act(
            actor=users[who],
            code=m.tracking_code,
            action=action,
            version=m.version,
            today=on,
            **kw,
        )

    o, c, e = units[office], units[civil], units[edu]
    made = 0
    with acting_through("cli"):

        def new(i: int, days_ago: int, unit: Unit, public: bool = True, **extra: Any) -> Message:
            nonlocal made
            slug, title, content = TOPICS[i % len(TOPICS)]
            made += 1
            return message_submit(
                channel=Channel.objects.get(slug=extra.pop("channel", slug)),
                unit=unit,
                values={
                    **_writer(i),
                    "title": title,
                    "content": f"{content}我的电话1390000{i:04d}。",
                    "wants_public": public,
                },
                document=extra.pop("document", None),
                received_at=at(back(days_ago)),
            )

        def answer(
            m: Message,
            unit_clerk: str,
            reviewer: str,
            start: int,
            *,
            to: Unit | None = None,
            send: bool = True,
            approve: bool = True,
        ) -> Message:
            step(
                m,
                "jingban" if m.unit == o else unit_clerk,
                "route",
                back(start),
                to_unit=to or m.unit,
            )
            step(
                m,
                unit_clerk,
                "draft_reply",
                back(start - 1),
                reply=f"{m.name}您好：您反映的“{m.title}”已收悉，经研究答复如下：……如有疑问，"
                "请在工作日拨打本单位咨询电话。",
            )
            if approve:
                step(m, reviewer, "approve_reply", back(start - 1))
            if send:
                step(m, unit_clerk, "send_reply", back(start - 2))
            m.refresh_from_db()
            return m

        # 1. received, waiting to be routed (one overdue, one due soon)
        new(0, 1, o)
        new(1, 4, o)
        new(2, 12, o, public=False)
        # 2. routed to the civil affairs bureau (转办), in hand
        m = new(3, 2, o)
        step(m, "jingban", "route", back(1), to_unit=c)
        # 3. sent back by the bureau with a reason
        m = new(4, 3, o)
        step(m, "jingban", "route", back(2), to_unit=c)
        step(m, "minzheng", "send_back", back(1), reason="不属于本局职责，建议转区教育局办理")
        # 4. reply drafted, waiting for review; 5. approved, waiting to be sent
        answer(new(5, 3, c), "minzheng", "minzheng-fzr", 3, approve=False, send=False)
        answer(new(6, 4, e), "jiaoyu", "jiaoyu", 3, send=False)
        # 6. replied (waiting for the writer's rating); published ones go to the queue
        answered = [
            answer(
                new(i, 6 + 3 * i, o if i % 2 else c),
                "jingban" if i % 2 else "minzheng",
                "shenhe" if i % 2 else "minzheng-fzr",
                5 + 3 * i,
            )
            for i in range(7, 12)
        ]
        # 7. the board under two published policy documents
        from gongkai.documents.models import State as DocState
        from gongkai.documents.selectors import public_documents
        from gongkai.interaction.blocks import is_policy

        policies = [
            d
            for d in public_documents().filter(state=DocState.PUBLISHED, unit__in=[o, c])[:40]
            if is_policy(d)
        ][:2]
        for k, doc in enumerate(policies):
            b = new(20 + k, 8 + k, doc.unit, channel="lyb", document=doc)
            clerk, rev = ("jingban", "shenhe") if doc.unit == o else ("minzheng", "minzheng-fzr")
            answered.append(answer(b, clerk, rev, 7 + k))
        # 8. declined (duplicate)
        m = new(30, 5, o)
        step(m, "jingban", "decline", back(4), reason="与此前留言重复，已合并办理")
        # 9. an older month: replied late and overdue, for the statistics
        late = new(31, 40, o)
        answer(late, "jingban", "shenhe", 20)
        # publish most answered public ones (the moderators confirm the masked text)
        from gongkai.moderation.models import ModerationItem
        from gongkai.moderation.services import moderation_decide

        for m in answered[:-1]:
            item = ModerationItem.objects.filter(
                kind="interaction.message", object_id=str(m.pk)
            ).first()
            if item is None:
                continue
            moderator = users["shenhe"] if item.unit == o else users["minzheng-fzr"]
            moderation_decide(
                actor=moderator, item_id=item.pk, decision="published", version=item.version
            )
        # ratings: satisfied, basic, unsatisfied
        for m, s in zip(answered[:3], ("satisfied", "basic", "unsatisfied"), strict=False):
            message_rate(code=m.tracking_code, phone=m.phone, satisfaction=s)
        # an imported 12345 file: one answered public ticket, one waiting
        from gongkai.interaction.importer import messages_import
        from gongkai.org.tabular import Table

        hotline = Channel.objects.get(slug="12345")
        table = Table(
            headers=[
                "编号",
                "收到时间",
                "姓名",
                "电话",
                "标题",
                "内容",
                "是否公开",
                "答复单位",
                "答复时间",
                "答复内容",
            ],
            rows=[
                (
                    2,
                    {
                        "编号": "DEMO0001",
                        "收到时间": back(6).isoformat(),
                        "姓名": f"{NAME}90",
                        "电话": "13900009090",
                        "标题": "路灯不亮",
                        "内容": "东湖街道路灯不亮，请修复。",
                        "是否公开": "是",
                        "答复单位": o.name,
                        "答复时间": back(3).isoformat(),
                        "答复内容": "路灯已修复，感谢您的反映。",
                    },
                ),
                (
                    3,
                    {
                        "编号": "DEMO0002",
                        "收到时间": back(1).isoformat(),
                        "姓名": f"{NAME}91",
                        "电话": "13900009191",
                        "标题": "咨询养老补贴",
                        "内容": "高龄老人补贴怎么领？",
                        "是否公开": "否",
                        "答复单位": "",
                        "答复时间": "",
                        "答复内容": "",
                    },
                ),
            ],
        )
        made += len(messages_import(channel=hotline, unit=o, table=table).created)
        # a good reply becomes an FAQ entry on its policy's page (when the FAQ app is installed)
        from django.apps import apps

        if apps.is_installed("gongkai.faq") and policies:
            from gongkai.interaction.services import message_to_faq

            board = Message.objects.filter(document=policies[0]).first()
            if board is not None and board.state in ("replied", "closed"):
                reviewer = "shenhe" if board.reply_unit == o else "minzheng-fzr"
                message_to_faq(
                    actor=users[reviewer],
                    code=board.tracking_code,
                    documents=[policies[0].pk],
                )
    return made
