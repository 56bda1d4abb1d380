"""Demo: 政策北斗 and 办事服务 — tags on the district's policies, service items with blank forms
and online links, one 一件事, documents naming services, two relay partners, a confirmed
subscription and one sent digest. Idempotent: a second run changes nothing."""

from __future__ import annotations

from django.utils import timezone

from gongkai.banshi.demo import attach_demo_forms
from gongkai.banshi.models import ServiceItem
from gongkai.banshi.services import document_services_set, one_thing_save, service_save
from gongkai.core.middleware import acting_through
from gongkai.delivery.services import deliver_due
from gongkai.documents.models import Document, State
from gongkai.finder.models import Partner, Subscriber
from gongkai.finder.services import (
    digest_tick,
    partner_register,
    subscribe,
    subscription_confirm,
    tags_set,
)
from gongkai.org.models import Unit, User

ONLINE = "https://zwfw.example.gov.cn/banshi"
FORMS = "https://zwfw.example.gov.cn/forms"

SERVICES = [
    {
        "code": "11310101MB0001001B-GG-001",
        "name": "小微企业创业补贴申领",
        "list_kind": "公共服务事项",
        "kind": "行政给付",
        "basis": "《示范区促进创业若干措施》",
        "conditions": "在本区登记注册不满三年、吸纳本区户籍劳动者就业的小微企业",
        "materials": f"1. 创业补贴申请表|{FORMS}/chuangye-shenqing.docx\n"
        "2. 营业执照（复印件）\n"
        f"3. 职工花名册|{FORMS}/huamingce.xlsx",
        "process": "网上申请—受理—审核—公示五个工作日—拨付",
        "time_limit": "15个工作日",
        "fee": "不收费",
        "channel": "一网通办、区政务服务中心综合窗口",
        "online_url": f"{ONLINE}/chuangye-butie",
        "contact": "021-60001234",
    },
    {
        "code": "11310101MB0001001B-GG-002",
        "name": "企业开办登记",
        "list_kind": "公共服务事项",
        "kind": "行政许可",
        "basis": "《中华人民共和国市场主体登记管理条例》",
        "conditions": "拟在本区设立的企业",
        "materials": f"1. 企业设立登记申请书|{FORMS}/sheli-dengji.docx\n"
        "2. 公司章程\n3. 住所使用证明（产权证明或租赁合同）",
        "process": "网上申报—审核—领取营业执照和印章",
        "time_limit": "1个工作日",
        "fee": "不收费",
        "channel": "一网通办",
        "online_url": f"{ONLINE}/qiye-kaiban",
        "contact": "021-60001235",
    },
    {
        "code": "11310101MB0001001B-GG-003",
        "name": "招用员工社会保险登记",
        "list_kind": "公共服务事项",
        "kind": "公共服务",
        "basis": "《中华人民共和国社会保险法》第五十七条",
        "conditions": "本区登记的用人单位",
        "materials": f"1. 社会保险登记表|{FORMS}/shebao-dengji.docx\n2. 营业执照（复印件）",
        "process": "网上申报—即时办结",
        "time_limit": "即时办结",
        "fee": "不收费",
        "channel": "一网通办",
        "online_url": f"{ONLINE}/shebao-dengji",
        "contact": "021-60001236",
    },
    {
        "code": "11310101MB0001004E-GG-001",
        "name": "最低生活保障申请",
        "list_kind": "公共服务事项",
        "kind": "行政给付",
        "basis": "《示范区城乡居民最低生活保障实施办法》",
        "conditions": "家庭人均收入低于本区最低生活保障标准且家庭财产符合规定的本区户籍居民",
        "materials": f"1. 最低生活保障申请书|{FORMS}/dibao-shenqing.docx\n"
        f"2. 家庭经济状况核对授权书|{FORMS}/hedui-shouquan.docx\n3. 居民身份证、户口簿",
        "process": "街道受理—入户调查—民主评议—区民政局审批—公示",
        "time_limit": "30个工作日",
        "fee": "不收费",
        "channel": "街道社区事务受理服务中心；一网通办",
        "online_url": f"{ONLINE}/dibao",
        "contact": "021-60004321",
    },
]

# title → tags (published documents of the demo; documents' demo tags every policy with whom it
# is for, and nothing it offers). What a policy offers (扶持方式, 生命事件) is said only where it
# does offer it: a need is answered only by a policy that offers it (selectors.match).
EVERYONE = {"who": ["个人", "企业", "社会组织"]}
TAGS: dict[str, dict[str, list[str]]] = {
    "示范区促进创业若干措施": {
        "who": ["个人", "企业"],
        "scale": ["小型", "微型"],
        "support": ["资金补贴", "融资", "场地"],
        "life": ["创业", "就业"],
    },
    "示范区支持制造业企业技术改造和数字化转型若干措施": {
        "who": ["企业"],
        "industry": ["制造业"],
        "scale": ["中型", "小型", "微型"],
        "support": ["资金补贴", "税收优惠"],
    },
    "示范区高龄老人津贴和困难残疾人生活补贴发放办法": {
        "who": ["个人"],
        "support": ["资金补贴"],
        "life": ["养老", "残疾人服务"],
    },
    "示范区城乡居民最低生活保障实施办法": {
        "who": ["个人"],
        "support": ["资金补贴"],
        "life": ["医疗", "住房"],
    },
    "示范区义务教育阶段学校招生入学工作实施意见": {"who": ["个人"], "life": ["入学"]},
    "示范区2026年度公务员考试录用职位表": {"who": ["个人"], "life": ["就业"]},
    "示范区2026年政府集中采购目录及标准": {"who": ["企业"]},
    "示范区行政事业性收费项目目录": {"who": ["个人", "企业"]},
    "示范区政务服务事项办理指南（2026年版）": EVERYONE,
    "示范区行政规范性文件管理办法": EVERYONE,
    "示范区政府信息公开工作规定": EVERYONE,
    "示范区突发事件总体应急预案": EVERYONE,
    "示范区行政执法公示办法": EVERYONE,
    "示范区国民经济和社会发展第十五个五年规划纲要": EVERYONE,
}
# title → the services it names (阅办联动)
NAMES = {
    "示范区政务服务事项办理指南（2026年版）": ["11310101MB0001001B-GG-002"],
    "示范区促进创业若干措施": ["11310101MB0001001B-GG-001"],
    "示范区城乡居民最低生活保障实施办法": ["11310101MB0001004E-GG-001"],
}


PARTNERS: list[tuple[str, str, str, dict[str, list[str]]]] = [
    ("示范区中小企业协会", "行业协会", "xiehui@example.org", {"who": ["企业"]}),
    ("示范区科技创业园", "园区", "yuanqu@example.org", {"who": ["企业"], "support": ["资金补贴"]}),
]


def _published(title: str) -> Document | None:
    return Document.objects.filter(title=title, state=State.PUBLISHED).first()


def build_demo_finder() -> dict[str, int]:
    from gongkai.demo.data import CIVIL, EDU, OFFICE

    if ServiceItem.objects.filter(code=SERVICES[0]["code"]).exists():
        return {}
    units = {u.code: u for u in Unit.objects.filter(code__in=[OFFICE, CIVIL])}
    users = {
        u.username: u for u in User.objects.filter(username__in=["jingban", "minzheng", "jiaoyu"])
    }
    if len(units) < 2 or len(users) < 3:
        return {}
    clerk_of = {OFFICE: users["jingban"], CIVIL: users["minzheng"], EDU: users["jiaoyu"]}
    counts = {"services": 0, "tagged": 0, "named": 0}
    with acting_through("cli"):
        for raw in SERVICES:
            unit_code = str(raw["code"]).split("-")[0]
            item = service_save(actor=clerk_of[unit_code], unit=units[unit_code], raw=raw)
            attach_demo_forms(item, clerk_of[unit_code])  # real blank forms, offline
            counts["services"] += 1
        one_thing_save(
            actor=users["jingban"],
            unit=units[OFFICE],
            title="开办一家小微企业",
            summary="从登记、招用员工参保到申领创业补贴，一次告知、一表申请。",
            # in the order they are done: register, insure the staff, then claim the subsidy
            codes=[str(SERVICES[i]["code"]) for i in (1, 2, 0)],
        )
        for title, tags in TAGS.items():
            doc = _published(title)
            if doc is not None:
                tags_set(actor=clerk_of[doc.unit.code], document=doc, tags=tags)
                counts["tagged"] += 1
        for title, codes in NAMES.items():
            doc = _published(title)
            if doc is not None:
                document_services_set(actor=clerk_of[doc.unit.code], document=doc, codes=codes)
                counts["named"] += 1
        if not Partner.objects.exists():
            for name, kind, email, criteria in PARTNERS:
                partner_register(
                    actor=users["jingban"],
                    unit=units[OFFICE],
                    name=name,
                    kind=kind,
                    email=email,
                    criteria=criteria,
                )
        if not Subscriber.objects.exists():
            sub = subscribe(
                email="demo.subscriber@example.com",
                criteria={"who": ["企业"], "support": ["资金补贴"]},
            )
            subscription_confirm(token=sub.token)
        # one run of the tick job: the subscriber's digest and the partners' relays go to the
        # outbox (the demo's mail backend writes them to files under var/)
        now = timezone.now()
        counts.update(digest_tick(now))
    deliver_due(now)  # sent, as the tick job would send it
    return counts


def demo_builder() -> None:
    """Registered with demo.hooks."""
    build_demo_finder()
