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

# the reply each topic gets, written as a unit would answer it (no placeholder text: these
# replies are published in 留言选登 and become FAQ entries)
REPLIES = [
    "既有多层住宅加装电梯由业主自愿发起，经本幢楼房专有部分占建筑物总面积三分之二以上且人数占"
    "三分之二以上的业主参与表决并同意后，向所在街道申请。补贴按每台定额给予，申请材料为："
    "业主表决结果、设计方案、施工合同和资金筹集方案。具体可到所在街道社区事务受理服务中心咨询。",
    "户籍在本区、家庭月人均收入低于本区最低生活保障标准且财产符合规定的家庭可以申请。请带户口簿、"
    "身份证和收入证明到户籍所在街道社区事务受理服务中心提出申请，街道在受理后进行家庭经济状况核对。",
    "感谢您的建议。区民政局已将贵小区所在街道列入今年社区养老服务设施布点规划，"
    "助餐点选址正在征求居民意见，建成后将在区政府网站公布。",
    "材料齐全的，自受理之日起15个工作日内发放居住证。需要身份证、近期照片和合法稳定住所证明"
    "（租赁合同登记备案证明或房产证明）。",
    "感谢您的建议。区图书馆将自下月起试行周六、周日开放至晚上八点，"
    "试行三个月后根据读者数量评估是否调整。",
    "经核查，该工地夜间施工未取得夜间施工许可，生态环境部门已责令其停止夜间施工，"
    "并将加强巡查。如再发现夜间施工，请拨打12345热线反映。",
    "本区义务教育阶段入学按照户籍和居住证积分等情况依次安排，具体顺序以当年发布的"
    "招生入学实施意见为准。请于4月在区教育局网站查询并按时完成入学信息登记。",
    "公租房申请受理后，区住房保障部门在20个工作日内完成审核，结果通过短信告知，"
    "也可登录区住房保障网上平台输入申请编号查询。",
    "老旧小区改造方案初稿形成后，将在小区公告栏和区政府网站“意见征集”栏目公开征求居民意见，"
    "征求意见期不少于30日。",
    "区交通部门已将开通东湖街道至地铁站社区巴士列入明年线路优化计划，线路方案确定后将向社会公布。",
    "因病导致基本生活暂时出现严重困难的家庭可以申请临时救助。请向户籍所在地或经常居住地的"
    "街道提出申请，提交医疗费用票据和家庭收入情况说明。",
    "城管执法部门已对菜场门口占道经营进行整治，并设置临时疏导点。今后将把该路段列入日常巡查重点。",
]

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
    needed = ("jingban", "shenhe", "minzheng", "minzheng-fzr", "jiaoyu", "jiaoyu-sh")
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
        replies: dict[int, str] = {}

        def reply_of(m: Message) -> str:
            return replies.get(m.pk, "")

        def new(i: int, days_ago: int, unit: Unit, public: bool = True, **extra: Any) -> Message:
            nonlocal made
            slug, title, content = TOPICS[i % len(TOPICS)]
            reply = REPLIES[i % len(REPLIES)]
            doc = extra.get("document")
            if doc is not None:  # a board message asks about the policy it stands under
                title = f"关于《{doc.title}》的适用范围"
                title = title if len(title) <= 100 else "关于这份政策文件的适用范围"
                content = f"请问《{doc.title}》是否适用于本区的个体工商户？从什么时候开始执行？"
                reply = (
                    f"《{doc.title}》的适用对象和施行日期见文件正文的适用范围和施行日期条款；"
                    "在本区登记、符合文件所列条件的个体工商户可以按文件规定办理，"
                    "办理流程见本页的政策解读。"
                )
            made += 1
            created = message_submit(
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
            replies[created.pk] = reply
            return created

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
                reply=f"{m.name}您好：您反映的“{m.title}”已收悉。{reply_of(m)}"
                "如有疑问，请在工作日拨打本单位咨询电话。",
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
        answer(new(6, 4, e), "jiaoyu", "jiaoyu-sh", 3, send=False)
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
        from gongkai.interaction.importer import ANSWER, REQUIRED, messages_import
        from gongkai.org.tabular import Table

        hotline = Channel.objects.get(slug="12345")
        table = Table(
            headers=[*REQUIRED, *ANSWER],
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
