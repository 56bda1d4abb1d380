"""The managed vocabulary of policy tags (seed 002 rows 4-8): each group asks one question of
the 政策北斗 finder. Values are fixed here so that tags mean the same across units; a body adds
its own regions (its streets and parks) through ``GONGKAI_POLICY_REGIONS``.

The stored values, labels and questions are Chinese (they are the data: tags, criteria, the
API); every one is a msgid here (gettext_noop), so pages show them in the active language
through ``TagGroup.label_text``, ``question_text``, ``choices`` and ``value_text``
(English in src/gongkai/finder/locale/en). A body's own regions read as written unless the
catalogue translates them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _


@dataclass(frozen=True)
class TagGroup:
    key: str
    label: str
    question: str  # what the finder asks
    values: tuple[str, ...]

    @property
    def label_text(self) -> str:
        return gettext(self.label)

    @property
    def question_text(self) -> str:
        return gettext(self.question)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(stored value, the value in the active language)."""
        return [(v, gettext(v)) for v in self.values]


def value_text(value: str) -> str:
    """A tag value in the active language."""
    return gettext(value)


INDUSTRIES = (  # 国民经济行业分类 (GB/T 4754-2017) 门类
    _("农、林、牧、渔业"),
    _("采矿业"),
    _("制造业"),
    _("电力、热力、燃气及水生产和供应业"),
    _("建筑业"),
    _("批发和零售业"),
    _("交通运输、仓储和邮政业"),
    _("住宿和餐饮业"),
    _("信息传输、软件和信息技术服务业"),
    _("金融业"),
    _("房地产业"),
    _("租赁和商务服务业"),
    _("科学研究和技术服务业"),
    _("水利、环境和公共设施管理业"),
    _("居民服务、修理和其他服务业"),
    _("教育"),
    _("卫生和社会工作"),
    _("文化、体育和娱乐业"),
)


def groups() -> tuple[TagGroup, ...]:
    regions = tuple(getattr(settings, "GONGKAI_POLICY_REGIONS", ()) or (_("全区"),))
    return (
        TagGroup("who", _("适用对象"), _("您是"), (_("个人"), _("企业"), _("社会组织"))),
        TagGroup("industry", _("行业"), _("所属行业"), INDUSTRIES),
        TagGroup(
            "scale",
            _("企业规模"),
            _("企业规模（工信部联企业〔2011〕300号）"),
            (_("大型"), _("中型"), _("小型"), _("微型")),
        ),
        TagGroup("region", _("区域"), _("所在区域"), regions),
        TagGroup(
            "support",
            _("扶持方式"),
            _("您需要"),
            (
                _("资金补贴"),
                _("税收优惠"),
                _("融资"),
                _("人才"),
                _("资质认定"),
                _("场地"),
                _("其他"),
            ),
        ),
        TagGroup(
            "life",
            _("生命事件"),
            _("正在经历"),
            (
                _("出生"),
                _("入学"),
                _("就业"),
                _("创业"),
                _("婚育"),
                _("住房"),
                _("医疗"),
                _("养老"),
                _("残疾人服务"),
                _("身后事"),
            ),
        ),
    )


def group(key: str) -> TagGroup | None:
    return next((g for g in groups() if g.key == key), None)
