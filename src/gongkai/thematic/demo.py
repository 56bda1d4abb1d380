"""Demo: every thematic column with realistic entries of the district (idempotent)."""

from __future__ import annotations

import datetime

from gongkai.core.middleware import acting_through
from gongkai.org.models import Unit, User
from gongkai.thematic.columns import COLUMNS
from gongkai.thematic.models import Entry
from gongkai.thematic.services import columns_enable, entry_publish, entry_save, stage_add

D = "示范区"
ENTRIES: dict[str, list[dict[str, object]]] = {
    "budget": [
        {
            "year": "2026",
            "title": f"{D}人民政府办公室2026年部门预算",
            "kind": "预算",
            "income": "3856.42",
            "expense": "3856.42",
            "tables": "收支总表\n收入总表\n支出总表\n财政拨款收支总表\n一般公共预算支出表\n“三公”经费支出表",
            "body": "2026年收支预算总额3856.42万元，比上年减少2.1%。",
        },
        {
            "year": "2025",
            "title": f"{D}人民政府办公室2025年部门决算",
            "kind": "决算",
            "income": "3940.10",
            "expense": "3911.87",
            "tables": "收入支出决算总表\n财政拨款收入支出决算总表",
            "body": "2025年度收入3940.10万元、支出3911.87万元。",
        },
    ],
    "project-budget": [
        {
            "year": "2026",
            "title": "老旧住宅加装电梯补贴项目",
            "overview": "对符合条件的老旧住宅加装电梯给予财政补贴。",
            "basis": "《示范区老旧住宅加装电梯实施办法》（示范府规〔2025〕3号）",
            "implementer": f"{D}住房保障和房屋管理局",
            "plan": "居民申请—街镇初审—区级复核—竣工验收后拨付补贴。",
            "period": "2026年1月至2026年12月",
            "budget": "1200",
            "targets": "全年完成加装100台；补贴资金按时拨付率100%；居民满意度不低于90%。",
        },
        {
            "year": "2026",
            "title": "社区养老服务设施提升项目",
            "overview": "新建和改造社区长者食堂、日间照料中心。",
            "basis": "《示范市养老服务条例》",
            "implementer": f"{D}民政局",
            "plan": "分两批改造12处设施。",
            "period": "2026年3月至2026年11月",
            "budget": "860",
            "targets": "新增助餐点8个，日均服务老人2000人次。",
        },
    ],
    "three-public": [
        {
            "year": "2025",
            "title": "2025年“三公”经费预算",
            "kind": "预算",
            "abroad": "12",
            "vehicles": "45.6",
            "reception": "8.2",
            "body": "严格执行中央八项规定精神。",
        },
        {
            "year": "2026",
            "title": "2026年“三公”经费预算",
            "kind": "预算",
            "abroad": "10",
            "vehicles": "42.3",
            "reception": "7.5",
            "body": "比上年减少，主要是压减公务用车运行维护费。",
        },
    ],
    "debt": [
        {
            "year": "2026",
            "title": f"{D}2026年政府债务限额及余额情况",
            "limit": "186.5",
            "balance": "172.3",
            "kinds": "一般债务、专项债务",
            "term": "5年至30年",
            "rate": "2.1%至3.4%",
            "repayment": "2026年到期本金12.6亿元，全部按期偿还。",
            "source": "一般公共预算收入、政府性基金收入和项目收益",
        },
    ],
    "audit": [
        {
            "year": "2026",
            "title": f"{D}2026年度审计项目计划",
            "kind": "审计计划",
            "body": "安排预算执行审计、经济责任审计等项目18个。",
        },
        {
            "year": "2025",
            "title": "2025年度区级预算执行审计整改情况",
            "kind": "整改情况",
            "body": "审计发现问题32个，已整改30个，其余2个正在整改。",
        },
    ],
    "major-project": [
        {
            "title": f"{D}第一中学迁建工程",
            "code": "2025-310101-83-01-012345",
            "owner": f"{D}教育局",
            "location": f"{D}滨河路南侧",
            "investment": "52000",
            "status": "在建",
            "body": "新建36个班规模的完全中学。",
        },
    ],
    "proposal": [
        {
            "year": "2026",
            "kind": "人大代表建议",
            "number": "第0012号",
            "title": "关于增设社区公交微循环线路的建议",
            "author": "张代表",
            "lead": f"{D}交通委",
            "co": f"{D}民政局",
            "assigned_on": "2026-03-20",
            "replied_on": "2026-05-28",
            "category": "A 已解决或采纳",
            "reply": "经研究，已于2026年6月开通微循环线路2条，覆盖5个老旧小区。感谢您的建议。",
        },
        {
            "year": "2026",
            "kind": "政协委员提案",
            "number": "第0031号",
            "title": "关于加强老年人助餐服务的提案",
            "author": "李委员",
            "lead": f"{D}民政局",
            "assigned_on": "2026-09-10",
        },
    ],
    "random-check-list": [
        {
            "title": "食品经营许可事项监督检查",
            "basis": "《中华人民共和国食品安全法》第一百一十条",
            "subject": f"{D}市场监督管理局",
            "content": "许可条件保持情况、进货查验记录",
            "method": "现场检查",
        },
    ],
    "random-check": [
        {
            "year": "2026",
            "title": "2026年度双随机抽查工作计划",
            "kind": "抽查计划",
            "formed_on": "2026-02-10",
            "body": "全年计划抽查事项24项。",
        },
        {
            "year": "2026",
            "title": "2026年第三季度食品经营抽查结果",
            "kind": "抽查结果",
            "formed_on": "2026-10-12",
            "body": "抽查12家，合格11家，1家责令整改。",
        },
    ],
    "dual-publicity": [
        {
            "title": "食品经营许可决定",
            "kind": "行政许可",
            "decision_no": "示范食许〔2026〕0123号",
            "party": "示范区某某餐饮有限公司",
            "reason": "食品经营许可（餐饮服务）",
            "basis": "《中华人民共和国食品安全法》第三十五条",
            "decided_on": "2026-11-02",
        },
    ],
    "public-resources": [
        {
            "title": "示范区第一中学迁建工程施工总承包招标公告",
            "kind": "工程建设项目招标投标",
            "stage": "公告",
            "dated": "2026-04-15",
            "body": "招标范围：施工总承包；资格要求：房屋建筑工程施工总承包一级。",
        },
    ],
    "social-welfare": [
        {
            "title": "2026年第三季度最低生活保障资金发放情况",
            "field": "社会救助和社会福利",
            "dated": "2026-10-08",
            "body": "发放低保金1268万元，惠及4210户6030人。",
        },
        {
            "title": "2026年秋季学期义务教育招生结果",
            "field": "教育",
            "dated": "2026-08-28",
            "body": "全区录取一年级新生5120人。",
        },
    ],
    "soe": [
        {
            "year": "2025",
            "title": "区属国有企业2025年度主要财务指标",
            "enterprise": f"{D}城市建设投资集团有限公司",
            "kind": "财务信息",
            "body": "资产总额412亿元，营业收入38亿元，利润总额2.6亿元。",
        },
    ],
    "public-institution": [
        {
            "title": f"{D}自来水有限公司",
            "services": "城市供水、报装、抄表收费、维修",
            "fees": "居民生活用水阶梯水价：第一阶梯3.45元/立方米",
            "outlets": "人民路营业厅、滨河路营业厅",
            "contact": "021-60009600",
            "complaints": "12345 热线；021-60009601",
        },
    ],
}


def build_demo_thematic(unit_code: str, clerk: str, reviewer: str) -> None:
    unit = Unit.objects.get(code=unit_code)
    if Entry.objects.filter(unit=unit).exists():
        return
    c, r = User.objects.get(username=clerk), User.objects.get(username=reviewer)
    with acting_through("cli"):
        columns_enable(actor=c, unit=unit, columns=[col.slug for col in COLUMNS])
        for slug, rows in ENTRIES.items():
            for raw in rows:
                entry = entry_save(actor=c, unit=unit, column=slug, raw=raw)
                if slug == "proposal" and not raw.get("reply"):
                    continue  # the unanswered proposal stays a draft, on the clock
                if slug == "major-project":
                    for stage, title, day in (
                        ("批准服务", "项目建议书批复", "2025-06-10"),
                        ("批准结果", "可行性研究报告批复", "2025-09-22"),
                        ("招标投标", "施工总承包中标结果公示", "2026-05-20"),
                    ):
                        entry = stage_add(
                            actor=c,
                            entry_id=entry.pk,
                            version=entry.version,
                            stage=stage,
                            title=title,
                            url="/zhongdian/public-resources/",
                            dated=datetime.date.fromisoformat(day),
                        )
                entry_publish(actor=r, entry_id=entry.pk, version=entry.version)


def demo_builder() -> None:
    """Registered with demo.hooks: every column with the office's entries."""
    from gongkai.demo.data import OFFICE

    build_demo_thematic(OFFICE, "jingban", "shenhe")
