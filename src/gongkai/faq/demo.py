"""Demo FAQ entries on several policy pages (called from demo.data.build_demo_data; idempotent):
published answers under the 低保 measures, school enrolment and disclosure rules, one entry
awaiting review, and one citing the repealed 2019 rules — flagged for review as the tick would."""

from __future__ import annotations

from gongkai.documents.models import Document
from gongkai.faq.models import FaqEntry
from gongkai.faq.services import faq_create, faq_create_from_reply, faq_flag_cited_policies
from gongkai.org.models import User

# (username, policy title, topic, question, answer, keywords)
ENTRIES: list[tuple[str, str, str, str, str, str]] = [
    ("minzheng-fzr", "示范区城乡居民最低生活保障实施办法", "社会救助",
     "申请最低生活保障需要什么条件？",
     "共同生活的家庭成员人均月收入低于本区最低生活保障标准，且家庭财产状况符合规定的，可以申请。"
     "具体标准以区民政局每年公布的为准。", "低保 条件 收入"),
    ("minzheng-fzr", "示范区城乡居民最低生活保障实施办法", "社会救助",
     "低保在哪里申请，要带什么材料？",
     "向户籍所在地的街道办事处（镇人民政府）提出书面申请，携带身份证、户口簿、家庭收入和财产情况"
     "说明；也可以在政务服务网在线申请。", "低保 申请 材料 街道"),
    ("minzheng-fzr", "示范区城乡居民最低生活保障实施办法", "社会救助",
     "低保金每月什么时候发放？", "低保金按月发放，每月10日前打入保障对象的社会保障卡。", "低保金 发放"),
    ("jiaoyu", "示范区义务教育阶段学校招生入学工作实施意见", "教育",
     "小学入学按什么顺序录取？",
     "按照“户籍+房产”一致、户籍、居住证的顺序依次安排，具体以当年招生入学实施意见为准。", "入学 招生 顺序"),
    ("jiaoyu", "示范区义务教育阶段学校招生入学工作实施意见", "教育",
     "随迁子女怎样办理入学？",
     "持父母一方的居住证和就业或社保证明，在规定时间内到居住地所属学区登记，由区教育局统筹安排学位。",
     "随迁子女 居住证 入学"),
    ("shenhe", "示范区政府信息公开工作规定", "政务公开",
     "申请政府信息公开多久能答复？",
     "能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，经负责人"
     "同意并告知申请人，延长期限最长不超过20个工作日。", "依申请公开 答复期限"),
    ("shenhe", "示范区政府信息公开工作规定", "政务公开",
     "申请政府信息公开要收费吗？",
     "不收费。申请数量、频次明显超过合理范围的，可以依照国办函〔2020〕109号收取信息处理费。", "收费 信息处理费"),
    ("shenhe", "示范区行政执法公示办法", "行政执法",
     "行政处罚决定会在网上公开吗？",
     "具有一定社会影响的行政处罚决定，自作出之日起7个工作日内在本平台公示，公示时隐去个人隐私。",
     "行政处罚 公示"),
    ("shenhe", "示范区政府信息公开工作规定（2019年）", "政务公开",
     "政府信息公开申请可以用传真提交吗？",
     "可以，也可以通过本平台在线提交，或当面递交、邮寄。", "传真 申请方式"),
]  # fmt: skip


def build_demo_faq() -> int:
    created = 0
    for username, title, topic, question, answer, keywords in ENTRIES:
        if FaqEntry.objects.filter(question=question).exists():
            continue
        user = User.objects.filter(username=username).first()
        doc = Document.objects.filter(title=title, live__isnull=False).first()
        if user is None or user.unit is None or doc is None:
            continue
        entry = faq_create(
            actor=user,
            unit=user.unit,
            values={"question": question, "answer": answer, "topic": topic, "keywords": keywords},
            documents=[doc],
            source="demo",
            publish=True,
        )
        created += bool(entry.pk)
    clerk = User.objects.filter(username="jingban").first()
    question = "政府信息公开申请被驳回后怎么办？"
    if clerk is not None and clerk.unit and not FaqEntry.objects.filter(question=question).exists():
        # made from a reply by a clerk: waits for a reviewer (the to-do shows it)
        faq_create_from_reply(
            actor=clerk,
            question=question,
            answer="可以在收到答复之日起60日内申请行政复议，或者6个月内提起行政诉讼。",
            unit=clerk.unit,
            topic="政务公开",
            source="demo",
        )
        created += 1
    faq_flag_cited_policies()
    return created
