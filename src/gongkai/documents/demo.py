"""Demo documents: realistic agency documents for each Art. 20 item, made through the services
(drafted, reviewed by someone else, published). Running it twice changes nothing. The laws are
not the district's documents: the demo loads them into the 法律法规库 (gongkai.library)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gongkai.documents import demo_media, lifecycle, services
from gongkai.documents.models import Document, Topic
from gongkai.documents.vocab import DISCLOSURE_RULE_TAG
from gongkai.org.models import Unit, User

OFFICE = "11310101MB0001001B"
CIVIL = "11310101MB0001004E"
EDU = "11310101MB0001003D"


def _xlsx_budget() -> bytes:
    from gongkai.core.spreadsheet import new_workbook, xlsx_bytes

    wb = new_workbook()
    ws = wb.active
    ws.append(["项目", "2026年预算数（万元）"])
    for row in (("一般公共服务支出", 12850), ("教育支出", 46320), ("社会保障和就业支出", 21740)):
        ws.append(list(row))
    return xlsx_bytes(wb)


# (unit, Art. 20 item, title, doc number, kind, topic, normative, summary, extra)
AGENCY_DOCS: list[tuple[str, int, str, str, str, str, bool, str, dict[str, Any]]] = [
    (OFFICE, 1, "示范区行政规范性文件管理办法", "示范府规〔2026〕1号", "规范性文件", "1503", True,
     "规定本区行政规范性文件的起草、审核、发布、备案和清理。", {"tags": ["依法行政"], "years": 5}),
    (OFFICE, 2, "示范区人民政府办公室机构职能", "", "其他", "0101", False,
     "区府办的主要职责、内设机构、办公地址、办公时间、联系方式和负责人。", {}),
    (OFFICE, 3, "示范区国民经济和社会发展第十五个五年规划纲要", "示范府发〔2026〕3号", "规划计划", "0201", False,
     "明确“十五五”时期全区发展的主要目标和重点任务。", {"major": True}),
    (OFFICE, 4, "2026年1—9月示范区国民经济运行情况", "", "统计信息", "0202", False,
     "前三季度全区地区生产总值、固定资产投资、社会消费品零售总额等主要指标。", {}),
    (OFFICE, 5, "示范区政务服务事项办理指南（2026年版）", "", "通知", "0101", False,
     "依申请政务服务事项的办理依据、条件、程序和结果公开。", {"link": ("政务服务事项办理", "https://zwfw.example.gov.cn/")}),
    (OFFICE, 6, "示范区行政执法公示办法", "示范府办发〔2026〕8号", "规范性文件", "1503", True,
     "行政处罚、行政强制的依据、条件、程序及具有一定社会影响的处罚决定公示要求。", {}),
    (OFFICE, 7, "示范区2026年区级一般公共预算", "", "其他", "0301", False,
     "2026年区级一般公共预算收支情况，附预算表。", {"xlsx": True}),
    (OFFICE, 8, "示范区行政事业性收费项目目录", "", "通知", "0301", False,
     "现行行政事业性收费项目及其依据、标准。", {}),
    (OFFICE, 9, "示范区2026年政府集中采购目录及标准", "示范府办发〔2026〕2号", "通知", "0301", False,
     "集中采购机构采购项目、分散采购限额标准和公开招标数额标准。", {}),
    (OFFICE, 10, "示范区2026年重大建设项目批准和实施情况", "", "其他", "0201", False,
     "列入2026年计划的重大建设项目审批信息和实施进度。", {}),
    (CIVIL, 11, "示范区城乡居民最低生活保障实施办法", "示范民规〔2026〕1号", "规范性文件", "1601", True,
     "规定最低生活保障的对象、标准、申请审核和动态管理。", {"interp": ("图解", "一图读懂《示范区城乡居民最低生活保障实施办法》", "chart"), "years": 5}),
    (OFFICE, 12, "示范区突发事件总体应急预案", "示范府发〔2026〕5号", "规范性文件", "0103", True,
     "本区突发事件应对的组织体系、运行机制、应急保障和监督管理。", {"interp": ("问答", "《示范区突发事件总体应急预案》答记者问")}),
    (OFFICE, 13, "2026年第三季度食品安全监督抽检情况通告", "", "通告", "0803", False,
     "第三季度食品安全监督抽检的品种、批次和不合格产品处置情况。", {}),
    (OFFICE, 14, "示范区2026年度公务员考试录用职位表", "", "公告", "1403", False,
     "招录职位、名额、报考条件及录用结果的公示安排。", {}),
    (OFFICE, 15, "示范区政府信息公开工作规定", "示范府办发〔2026〕1号", "规范性文件", "0101", True,
     "本区政府信息主动公开、依申请公开、监督保障的工作制度。", {"tags": [DISCLOSURE_RULE_TAG], "interp": ("图解", "图解：如何申请政府信息公开", "poster")}),
    # policies that give something, for the 政策北斗 (their tags: finder/demo.py)
    (OFFICE, 1, "示范区促进创业若干措施", "示范府规〔2026〕2号", "规范性文件", "1401", True,
     "在本区首次创办小微企业并正常经营满6个月的，给予一次性创业补贴1万元；个人和小微企业申请创业担保贷款的，"
     "按贷款市场报价利率的50%给予贴息；入驻区级创业孵化基地的，前三年免收场地租金。", {"years": 3}),
    (OFFICE, 1, "示范区支持制造业企业技术改造和数字化转型若干措施", "示范府规〔2026〕3号", "规范性文件", "0601", True,
     "对本区制造业企业技术改造项目，按设备投资额的10%给予补助，单个项目最高200万元；"
     "对实施数字化转型的中小企业，按软件和服务费用的30%给予补助；落实研发费用加计扣除等税收优惠。", {"years": 3}),
    (CIVIL, 1, "示范区高龄老人津贴和困难残疾人生活补贴发放办法", "示范民规〔2026〕2号", "规范性文件", "1602", True,
     "本区户籍80周岁以上老人按月发放高龄津贴，每人每月100元至500元；困难残疾人按月发放生活补贴，"
     "重度残疾人另发护理补贴。", {"years": 5}),
    (EDU, 11, "示范区义务教育阶段学校招生入学工作实施意见", "示范教发〔2026〕4号", "意见", "1002", False,
     "2026年义务教育阶段招生入学的原则、范围和程序。", {"major": True, "interp": ("文字", "《义务教育招生入学实施意见》政策解读")}),
]  # fmt: skip

PICTURES = {"chart": demo_media.allowance_chart, "poster": demo_media.application_poster}

BODY = (
    "<p>各街道办事处，区政府各委、办、局：</p>"
    "<p>{summary}现将有关事项通知如下。</p>"
    "<h2>一、总体要求</h2><p>坚持以人民为中心，依法依规、公开透明，确保各项措施落实到位。</p>"
    "<h2>二、主要内容</h2><p>{summary}</p>"
    "<h2>三、工作要求</h2><p>各单位要加强组织领导，明确责任分工，按时报送工作进展。</p>"
)


def _topic_names(code: str) -> list[str]:
    topic = Topic.objects.filter(code=code).select_related("parent").first()
    return [topic.name] if topic is not None else []


# The head who signs each unit's normative documents (workflow: 集体审议, then the head publishes).
HEADS = {OFFICE: "fuzeren", CIVIL: "minzheng-fzr"}


def _publish(doc: Document, drafter: User, reviewer: User) -> None:
    lifecycle.document_submit(actor=drafter, document=doc)
    lifecycle.document_approve(
        actor=reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    publisher = drafter
    if doc.is_normative:
        doc.refresh_from_db()
        # reviewed, then deliberated, before it was signed (成文日期)
        written = min(doc.written_on or timezone.localdate(), timezone.localdate())
        lifecycle.document_record_normative(
            actor=reviewer,
            document=doc,
            legality_reviewer="示范区司法局",
            legality_reviewed_on=written - datetime.timedelta(days=7),
            legality_opinion="经审核，该文件制定主体合法，内容不违反法律、法规、规章和上级文件，制定程序符合规定。",
            collective_meeting="示范区人民政府常务会议",
            collective_decided_on=written - datetime.timedelta(days=3),
        )
        publisher = User.objects.get(username=HEADS[doc.unit.code])
    from gongkai.finder.policy import is_policy

    if is_policy(doc):  # a policy is published with its tags (政策北斗, finder.policy)
        from gongkai.finder.services import tags_set

        # for whom it is, and nothing it would offer: the finder's demo says more where a
        # policy does give something (finder/demo.py), so a need is never answered by a rule
        # that offers nothing
        tags_set(actor=drafter, document=doc, tags={"who": ["个人", "企业", "社会组织"]})
    lifecycle.document_publish(actor=publisher, document=doc)


def _agency_docs() -> int:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["jingban", "shenhe", "minzheng", "minzheng-fzr", "jiaoyu", "zhuguan"]
        )
    }
    if len(users) < 6:
        return 0
    # (drafter, reviewer): the education bureau's only reviewer drafts, so the district
    # supervisor (主管, whose scope covers the bureau) reviews its documents.
    people = {
        OFFICE: (users["jingban"], users["shenhe"]),
        CIVIL: (users["minzheng"], users["minzheng-fzr"]),
        EDU: (users["jiaoyu"], users["zhuguan"]),
    }
    created = 0
    today = timezone.localdate()
    for i, (code, item, title, number, kind, topic, normative, summary, extra) in enumerate(
        AGENCY_DOCS
    ):
        unit = Unit.objects.get(code=code)
        if Document.objects.filter(unit=unit, title=title).exists():
            continue
        drafter, reviewer = people[code]
        written = today - datetime.timedelta(days=3 + i)
        values: dict[str, Any] = {
            "title": title, "doc_number": number, "doc_kind": kind, "topic": topic, "art20_item": item,
            "is_normative": normative, "is_major_policy": extra.get("major", False), "summary": summary,
            "body": BODY.format(summary=summary), "written_on": written,
            "keywords": " ".join(dict.fromkeys([kind, *_topic_names(topic)])),
        }  # fmt: skip
        if normative:
            # in force ten days after it was signed, but never before it is published (today):
            # an unpublished normative document may not be applied
            values["effective_on"] = max(written + datetime.timedelta(days=10), today)
            values["expires_on"] = values["effective_on"] + datetime.timedelta(
                days=365 * extra.get("years", 3)
            )
        doc = services.document_create(
            actor=drafter, unit=unit, values=values, tags=extra.get("tags")
        )
        if extra.get("xlsx"):
            services.attachment_add(
                actor=drafter,
                document=doc,
                name="2026年区级一般公共预算表.xlsx",
                data=_xlsx_budget(),
            )
        if link := extra.get("link"):
            services.service_link_add(actor=drafter, document=doc, title=link[0], url=link[1])
        _publish(doc, drafter, reviewer)
        created += 1
        if interp := extra.get("interp"):
            form, ititle, *picture = interp
            idoc = services.document_create(
                actor=drafter, unit=unit,
                values={"title": ititle, "is_interpretation": True, "interpretation_form": form,
                        "interpretation_stage": "同步", "topic": topic, "art20_item": item, "written_on": written,
                        "summary": f"对《{title}》出台背景、主要内容和适用对象的解读。",
                        "body": f"<h2>一、出台背景</h2><p>{summary}</p><h2>二、主要内容</h2><p>《{title}》明确了适用范围、"
                                "办理程序和责任分工，自公布之日起施行。</p>"},
            )  # fmt: skip
            services.relation_add(actor=drafter, document=idoc, target=doc, kind="interprets")
            if picture:  # the 图解 itself, shown in the interpretation's page with its alt text
                made = PICTURES[picture[0]](ititle)
                services.attachment_add(
                    actor=drafter, document=idoc, name=made.name, data=made.data,
                    description=made.description,
                )  # fmt: skip
            _publish(idoc, drafter, reviewer)
            created += 1
    created += _lifecycle_examples(users)
    return created


def _lifecycle_examples(users: dict[str, User]) -> int:
    """A replaced normative document (marked 废止 with a link), a draft and a submitted one."""
    office = Unit.objects.get(code=OFFICE)
    clerk, reviewer = users["jingban"], users["shenhe"]
    old_title = "示范区政府信息公开工作规定（2019年）"
    if Document.objects.filter(unit=office, title=old_title).exists():
        return 0
    today = timezone.localdate()
    old = services.document_create(
        actor=clerk, unit=office,
        values={"title": old_title, "doc_number": "示范府办发〔2019〕6号", "doc_kind": "规范性文件", "is_normative": True,
                "topic": "0101", "art20_item": 1, "written_on": datetime.date(2019, 5, 20),
                "summary": "2019年制定的政府信息公开工作规定。", "body": "<p>（已被新规定替代）</p>"},
        tags=[DISCLOSURE_RULE_TAG],
    )  # fmt: skip
    _publish(old, clerk, reviewer)
    new = Document.objects.filter(unit=office, title="示范区政府信息公开工作规定").first()
    if new is not None:
        lifecycle.document_repeal(
            actor=reviewer,
            document=old,
            note="被《示范区政府信息公开工作规定》替代",
            replaced_by=new,
        )
    services.document_create(
        actor=clerk, unit=office,
        values={"title": "关于开展2026年政务公开重点工作的通知（草稿）", "doc_kind": "通知", "topic": "0101",
                "summary": "起草中的文件，不会出现在公开网站上。"},
    )  # fmt: skip
    pending = services.document_create(
        actor=clerk, unit=office,
        values={"title": "示范区优化营商环境若干措施", "doc_kind": "规范性文件", "is_normative": True, "topic": "0202",
                "art20_item": 1, "written_on": today - datetime.timedelta(days=2), "summary": "待审查的文件。"},
    )  # fmt: skip
    lifecycle.document_submit(actor=clerk, document=pending)
    return 3


def build_demo_documents() -> dict[str, int]:
    """Create what is missing; return counts."""
    services.topics_install_defaults()
    agency = _agency_docs()
    return {"agency": agency}
