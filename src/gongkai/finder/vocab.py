"""The managed vocabulary of policy tags (seed 002 rows 4-8): each group asks one question of
the 政策北斗 finder. Values are fixed here so that tags mean the same across units; a body adds
its own regions (its streets and parks) through ``GONGKAI_POLICY_REGIONS``."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class TagGroup:
    key: str
    label: str
    question: str  # what the finder asks
    values: tuple[str, ...]


INDUSTRIES = (  # 国民经济行业分类 (GB/T 4754-2017) 门类
    "农、林、牧、渔业",
    "采矿业",
    "制造业",
    "电力、热力、燃气及水生产和供应业",
    "建筑业",
    "批发和零售业",
    "交通运输、仓储和邮政业",
    "住宿和餐饮业",
    "信息传输、软件和信息技术服务业",
    "金融业",
    "房地产业",
    "租赁和商务服务业",
    "科学研究和技术服务业",
    "水利、环境和公共设施管理业",
    "居民服务、修理和其他服务业",
    "教育",
    "卫生和社会工作",
    "文化、体育和娱乐业",
)


def groups() -> tuple[TagGroup, ...]:
    regions = tuple(getattr(settings, "GONGKAI_POLICY_REGIONS", ()) or ("全区",))
    return (
        TagGroup(
            "who", gettext_noop("适用对象"), gettext_noop("您是"), ("个人", "企业", "社会组织")
        ),
        TagGroup("industry", gettext_noop("行业"), gettext_noop("所属行业"), INDUSTRIES),
        TagGroup(
            "scale",
            gettext_noop("企业规模"),
            gettext_noop("企业规模（工信部联企业〔2011〕300号）"),
            ("大型", "中型", "小型", "微型"),
        ),
        TagGroup("region", gettext_noop("区域"), gettext_noop("所在区域"), regions),
        TagGroup(
            "support",
            gettext_noop("扶持方式"),
            gettext_noop("您需要"),
            ("资金补贴", "税收优惠", "融资", "人才", "资质认定", "场地", "其他"),
        ),
        TagGroup(
            "life",
            gettext_noop("生命事件"),
            gettext_noop("正在经历"),
            (
                "出生",
                "入学",
                "就业",
                "创业",
                "婚育",
                "住房",
                "医疗",
                "养老",
                "残疾人服务",
                "身后事",
            ),
        ),
    )


def group(key: str) -> TagGroup | None:
    return next((g for g in groups() if g.key == key), None)
