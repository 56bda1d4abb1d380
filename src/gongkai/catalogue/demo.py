"""Demo: the standard catalogues of the district office and the civil affairs bureau, in the
national layout, imported through the same path as a real file and linked to the demo's
documents; idempotent (a unit that has a catalogue is left alone)."""

from __future__ import annotations

from gongkai.catalogue.layout import ParsedItem, write_xlsx
from gongkai.catalogue.models import Catalogue, CatalogueState
from gongkai.catalogue.services import (
    catalogue_import,
    catalogue_item_save,
    catalogue_publish,
    item_values,
)
from gongkai.core.middleware import acting_through
from gongkai.org.models import Unit, User

TIERS = ["区级", "街镇级"]
NOW = "信息形成或变更之日起20个工作日内"
ART26 = "《中华人民共和国政府信息公开条例》第二十条、第二十六条"

# (一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限, links)
OFFICE_ITEMS: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = [
    ("机构信息", "机构职能", "机构名称、主要职能、内设机构", ART26, NOW, [("art20", "2")]),
    ("机构信息", "领导信息", "领导姓名、职务、分工", ART26, NOW, [("art20", "2")]),
    (
        "机构信息",
        "办公地址和联系方式",
        "办公地址、办公时间、联系电话",
        ART26,
        NOW,
        [("art20", "2")],
    ),
    (
        "政策文件",
        "行政规范性文件",
        "文件全文、发文字号、成文日期、有效性",
        ART26,
        NOW,
        [("art20", "1")],
    ),
    (
        "政策文件",
        "政策解读",
        "解读材料（文字、图解、视频）",
        "《国务院办公厅关于印发〈开展基层政务公开标准化规范化试点工作方案〉的通知》",
        "文件公开后3个工作日内",
        [("topic", "01")],
    ),
    ("规划信息", "发展规划", "国民经济和社会发展规划、专项规划", ART26, NOW, [("art20", "3")]),
    (
        "财政信息",
        "部门预算",
        "预算报表、预算说明、三公经费预算",
        "《中华人民共和国预算法》第十四条",
        "批复后20日内",
        [("art20", "7")],
    ),
    (
        "财政信息",
        "部门决算",
        "决算报表、决算说明、三公经费决算",
        "《中华人民共和国预算法》第十四条",
        "批复后20日内",
        [("art20", "7")],
    ),
    (
        "统计信息",
        "统计公报",
        "国民经济和社会发展统计公报",
        ART26,
        "每年3月31日前",
        [("art20", "4")],
    ),
    (
        "重大建设项目",
        "项目批准和实施",
        "批准服务、批准结果、招标投标、施工、竣工等信息",
        "国办发〔2017〕94号",
        NOW,
        [("art20", "10")],
    ),
    (
        "政务公开工作",
        "政府信息公开年报",
        "上一年度政府信息公开工作年度报告",
        "《中华人民共和国政府信息公开条例》第四十九条",
        "每年1月31日前",
        [("tag", "政府信息公开制度")],
    ),
    (
        "应急管理",
        "应急预案和预警信息",
        "应急预案、预警信息及应对情况",
        ART26,
        "实时",
        [("art20", "12")],
    ),
]
CIVIL_ITEMS: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = [
    (
        "社会救助",
        "最低生活保障",
        "申请条件、办理流程、保障标准、救助对象数量和资金",
        "《社会救助暂行办法》",
        NOW,
        [("art20", "11")],
    ),
    (
        "社会救助",
        "特困人员救助供养",
        "申请条件、办理流程、供养标准",
        "《社会救助暂行办法》",
        NOW,
        [("art20", "11")],
    ),
    (
        "社会救助",
        "临时救助",
        "申请条件、办理流程、救助标准",
        "《社会救助暂行办法》",
        NOW,
        [("art20", "11")],
    ),
    (
        "养老服务",
        "养老机构名录",
        "机构名称、地址、床位、收费标准",
        "《养老机构管理办法》",
        "实时",
        [("art20", "11")],
    ),
    (
        "社会组织",
        "社会组织登记",
        "成立、变更、注销登记结果",
        "《社会团体登记管理条例》",
        NOW,
        [("art20", "5")],
    ),
    (
        "婚姻登记",
        "婚姻登记服务",
        "办理地点、时间、材料、流程",
        "《婚姻登记条例》",
        "实时",
        [("art20", "5")],
    ),
    (
        "财政信息",
        "部门预算",
        "预算报表、预算说明、三公经费预算",
        "《中华人民共和国预算法》第十四条",
        "批复后20日内",
        [("art20", "7")],
    ),
    ("政策文件", "民政政策文件", "规范性文件和政策解读", ART26, NOW, [("art20", "1")]),
]


def _parsed(
    items: list[tuple[str, str, str, str, str, list[tuple[str, str]]]], subject: str
) -> list[ParsedItem]:
    return [
        ParsedItem(
            seq=i,
            line=0,
            level1=l1,
            level2=l2,
            content=content,
            basis=basis,
            time_limit=limit,
            subject=subject,
            channels="政府网站\n政务新媒体\n政务服务中心",
            audiences=["全社会"],
            modes=["主动"],
            tiers=TIERS if i % 3 else ["区级"],
        )
        for i, (l1, l2, content, basis, limit, _links) in enumerate(items, start=1)
    ]


def _one(
    unit: Unit, admin: User, items: list[tuple[str, str, str, str, str, list[tuple[str, str]]]]
) -> None:
    if Catalogue.objects.filter(unit=unit).exists():
        return
    parsed = _parsed(items, unit.name)
    data = write_xlsx(f"{unit.name}政务公开事项标准目录", TIERS, parsed)
    catalogue_import(actor=admin, unit=unit, name="标准目录.xlsx", content=data)
    draft = Catalogue.objects.get(unit=unit, state=CatalogueState.DRAFT)
    for p, (*_rest, links) in zip(parsed, items, strict=True):
        item = draft.items.get(seq=p.seq)
        valid = [(k, v) for k, v in links if _linkable(k, v)]
        if valid:
            catalogue_item_save(
                actor=admin,
                unit=unit,
                values=item_values(item),
                links=valid,
                version=item.version,
                seq=item.seq,
            )
    draft.refresh_from_db()
    catalogue_publish(actor=admin, unit=unit, version=draft.version, note="按国家标准目录编制")


def _linkable(kind: str, value: str) -> bool:
    from gongkai.catalogue.links import link_kind

    lk = link_kind(kind)
    return lk is not None and value in {v for v, _ in lk.choices()}


def build_demo_catalogues(office_code: str, civil_code: str, admin_username: str) -> None:
    admin = User.objects.get(username=admin_username)
    with acting_through("cli"):
        _one(Unit.objects.get(code=office_code), admin, OFFICE_ITEMS)
        _one(Unit.objects.get(code=civil_code), admin, CIVIL_ITEMS)


def demo_builder() -> None:
    """Registered with demo.hooks: the office's and the civil affairs bureau's catalogues."""
    from gongkai.demo.data import CIVIL, OFFICE

    build_demo_catalogues(OFFICE, CIVIL, "admin")
