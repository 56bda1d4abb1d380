"""Demo participation for ``gongkai demo-data``: the district office's published catalogue, one
decision at each stage (planned, consulting, deciding, decided, reported), an open consultation
with published and pending comments, a meeting with public representatives and an open day
with registrations. Made through the services; running it twice changes nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gongkai.documents import lifecycle
from gongkai.documents import services as document_services
from gongkai.moderation.models import ModerationItem
from gongkai.moderation.services import moderation_decide
from gongkai.org.models import Unit, User
from gongkai.participation import services
from gongkai.participation.models import Catalogue, Comment

TITLES = (
    "示范区停车设施专项规划",  # planned
    "示范区养老服务设施布局规划",  # consulting
    "示范区老旧小区加装电梯实施办法",  # deciding
    "示范区生活垃圾分类管理办法",  # decided
    "示范区公共文化设施免费开放办法",  # reported
)
SECTIONS = [
    ("目的和依据", "为规范本区相关工作，根据有关法律法规，结合本区实际，制定本办法。"),
    ("适用范围", "本办法适用于本区行政区域内的相关活动及其监督管理。"),
    ("职责分工", "区人民政府统一领导，各街道办事处负责组织实施，有关部门按职责做好相关工作。"),
    ("保障措施", "区财政按规定安排必要经费，并加强资金使用监督。"),
    ("施行日期", "本办法自公布之日起三十日后施行。"),
]


def _publish_comment(reviewer: User, comment: Comment) -> None:
    item = ModerationItem.objects.get(kind=services.COMMENT_KIND, object_id=str(comment.pk))
    moderation_decide(actor=reviewer, item_id=item.pk, decision="published", version=item.version)


def _result_document(clerk: User, reviewer: User, unit: Unit, title: str) -> int:
    doc = document_services.document_create(
        actor=clerk,
        unit=unit,
        values={
            "title": title,
            "doc_number": f"示范府规〔{timezone.localdate().year}〕{len(title)}号",
            "doc_kind": "规范性文件",
            "topic": "0101",
            "art20_item": 1,
            "written_on": timezone.localdate() - datetime.timedelta(days=2),
            "summary": f"{title}（决策结果）。",
            "body": "<p>经区政府常务会议审议通过，现予公布。</p>",
        },
    )
    lifecycle.document_submit(actor=clerk, document=doc)
    lifecycle.document_approve(
        actor=reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    from gongkai.finder.services import tags_set

    # a policy is published with its 政策标签 (finder.policy)
    tags_set(actor=clerk, document=doc, tags={"who": ["个人", "企业"], "region": ["全区"]})
    lifecycle.document_publish(actor=clerk, document=doc)
    return doc.pk


def build_demo_participation(office_code: str, clerk: str, reviewer: str) -> int:
    """Create the demo records in ``office_code``; return how many decisions were created."""
    unit = Unit.objects.filter(code=office_code).first()
    users = {u.username: u for u in User.objects.filter(username__in=[clerk, reviewer])}
    if unit is None or len(users) < 2:
        return 0
    today = timezone.localdate()
    if Catalogue.objects.filter(unit=unit, year=today.year).exists():
        return 0
    c, r = users[clerk], users[reviewer]
    cat = services.catalogue_save(
        actor=c,
        unit=unit,
        year=today.year,
        items=[
            {"name": t, "lead_unit": lead, "legal_basis": basis, "planned_timing": f"{today.year}年{q}",
             "hearing": i == 2, "expert_review": i in (1, 3), "risk_assessment": i in (1, 2, 3)}
            for i, (t, lead, basis, q) in enumerate([
                (TITLES[0], "区交通委", "《城市道路管理条例》", "第四季度"),
                (TITLES[1], "区民政局", "《中华人民共和国老年人权益保障法》", "第三季度"),
                (TITLES[2], "区住房保障局", "《物业管理条例》", "第三季度"),
                (TITLES[3], "区绿化市容局", "《固体废物污染环境防治法》", "第二季度"),
                (TITLES[4], "区文化旅游局", "《公共文化服务保障法》", "第二季度"),
            ])
        ],
    )  # fmt: skip
    services.catalogue_publish(
        actor=r, catalogue_id=cat.pk, version=cat.version, on=min(today, cat_due(today.year))
    )
    items = list(cat.items.all())
    decisions = [
        services.decision_create(
            actor=c,
            unit=unit,
            year=today.year,
            title=t,
            item=items[i],
            background=f"{t}列入本年度重大行政决策事项目录，现依法履行公众参与等程序。",
        )
        for i, t in enumerate(TITLES)
    ]
    # consulting: open now, published and pending comments
    open_c = services.consultation_create(
        actor=c, unit=unit, decision=decisions[1], title=f"{TITLES[1]}（征求意见稿）",
        sections=SECTIONS, opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=20),
        explanation="为应对人口老龄化，统筹布局养老服务设施，起草了本规划。",
        interpretation="规划明确每个街道至少建设一处综合为老服务中心，重点解决就近养老、助餐助浴等需求。",
    )  # fmt: skip
    services.consultation_publish(actor=r, consultation_id=open_c.pk, version=open_c.version)
    shown = [
        services.comment_submit(consultation_id=open_c.pk, text=t, section_number=n)
        for t, n in (
            ("建议综合为老服务中心同时提供日间照料和助浴服务。", 3),
            ("希望保障措施中明确运营补贴的标准。", 4),
            ("规划总体很好，建议尽快实施。", None),
        )
    ]
    for x in shown:
        _publish_comment(r, x)
    services.comment_submit(
        consultation_id=open_c.pk,
        text="我家住东湖街道，电话13800001234，希望在小区附近建助餐点。",
        section_number=3,
        name="演示市民",
        contact="13800001234",
    )  # pending: waits in the moderation queue
    # deciding, decided, reported: consultations closed, comments answered
    for i in (2, 3, 4):
        cons = services.consultation_create(
            actor=c, unit=unit, decision=decisions[i], title=f"{TITLES[i]}（征求意见稿）",
            sections=SECTIONS, opens_on=today - datetime.timedelta(days=60),
            closes_on=today - datetime.timedelta(days=30),
        )  # fmt: skip
        services.consultation_publish(actor=r, consultation_id=cons.pk, version=cons.version)
        during = timezone.now() - datetime.timedelta(days=50)  # within the (past) period
        for text, answer, reason in (
            ("建议明确实施的时间表。", "adopted", ""),
            ("建议取消第三条。", "not_adopted", "第三条规定职责分工，是实施的基础，予以保留。"),
        ):
            x = services.comment_submit(
                consultation_id=cons.pk, text=text, section_number=3, now=during
            )
            _publish_comment(r, x)
            x.refresh_from_db()
            services.comment_answer(
                actor=c, comment_id=x.pk, version=x.version, answer=answer, reason=reason
            )
        services.material_add(
            actor=c, decision=decisions[i], kind="symposium", title="听取居民代表和企业意见座谈会",
            on_date=today - datetime.timedelta(days=40), summary="邀请12名居民代表和5家企业参加。",
        )  # fmt: skip
        if i >= 3:
            d = decisions[i]
            doc_id = _result_document(c, r, unit, TITLES[i])
            services.decision_link_result(
                actor=c, decision_id=d.pk, version=d.version, document_id=doc_id
            )
            d.refresh_from_db()
            if i == 4:
                services.decision_publish_report(actor=r, decision_id=d.pk, version=d.version)
    # a meeting with representatives
    meeting = services.meeting_create(
        actor=c, unit=unit, title="区政府第12次常务会议", held_on=today - datetime.timedelta(days=5),
        call_text="现公开邀请市民、企业、专家和媒体代表列席区政府常务会议，每次4名。",
        decisions=[decisions[3], decisions[4]],
    )  # fmt: skip
    for kind, name, opinion, adoption in (
        ("citizen", "演示代表甲", "建议分类投放点增加洗手设施。", "adopted"),
        ("enterprise", "演示代表乙", "建议给予物业企业过渡期。", "partly"),
        ("expert", "演示代表丙", "建议开展实施效果评估。", "adopted"),
        ("media", "演示代表丁", "", ""),
    ):
        rep = services.representative_add(
            actor=c, meeting_id=meeting.pk, kind=kind, name=name, contact="13900000000",
            selected=True,
        )  # fmt: skip
        services.representative_record(
            actor=c, representative_id=rep.pk, selected=True, attended=True, opinion=opinion,
            adoption=adoption, adoption_reason="过渡期设为六个月。" if adoption == "partly" else "",
        )  # fmt: skip
    meeting.refresh_from_db()
    services.meeting_publish_record(
        actor=r, meeting_id=meeting.pk, version=meeting.version,
        record="会议审议了生活垃圾分类管理办法和公共文化设施免费开放办法，4名公众代表列席并发表意见。",
    )  # fmt: skip
    # an open day with registrations
    act = services.activity_create(
        actor=c, unit=unit, year=today.year, title="政府开放日：走进区政务服务中心",
        description="参观政务服务中心，体验“一网通办”，与窗口工作人员面对面交流。",
    )  # fmt: skip
    starts = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    session = services.session_add(
        actor=c, activity_id=act.pk, starts_at=starts + datetime.timedelta(days=14),
        place="示范区政务服务中心一楼大厅", capacity=3,
    )  # fmt: skip
    for n in range(1, 5):
        services.registration_submit(
            session_id=session.pk, name=f"演示报名人{n}", contact=f"1370000000{n}"
        )
    topic = services.topic_submit(unit=unit, year=today.year, text="开放区生活垃圾分类处理中心")
    item = ModerationItem.objects.get(kind=services.TOPIC_KIND, object_id=str(topic.pk))
    moderation_decide(actor=r, item_id=item.pk, decision="published", version=item.version)
    return len(decisions)


def cat_due(year: int) -> datetime.date:
    from gongkai.participation.selectors import catalogue_due

    return catalogue_due(year)
