"""The fixed vocabularies of proactive disclosure, each encoded once.

Art. 20 items (条例 第二十条), the default 主题分类 taxonomy (two levels, after the gov.cn
catalogue), 公文种类 (党政机关公文处理工作条例 第八条 plus the legislative kinds), interpretation
forms and stages (seeds 000/002/004).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

# 条例 第二十条: the 15 items, labels as the reference §1 gives them (catalogue top level).
ART20_ITEMS: tuple[tuple[int, str, str], ...] = (
    (1, "（一）", gettext_noop("行政法规、规章和规范性文件")),
    (2, "（二）", gettext_noop("机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")),
    (3, "（三）", gettext_noop("国民经济和社会发展规划、专项规划、区域规划及相关政策")),
    (4, "（四）", gettext_noop("国民经济和社会发展统计信息")),
    (5, "（五）", gettext_noop("办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")),
    (
        6,
        "（六）",
        gettext_noop(
            "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
        ),
    ),
    (7, "（七）", gettext_noop("财政预算、决算信息")),
    (8, "（八）", gettext_noop("行政事业性收费项目及其依据、标准")),
    (9, "（九）", gettext_noop("政府集中采购项目的目录、标准及实施情况")),
    (10, "（十）", gettext_noop("重大建设项目的批准和实施情况")),
    (
        11,
        "（十一）",
        gettext_noop("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ),
    (12, "（十二）", gettext_noop("突发公共事件的应急预案、预警信息及应对情况")),
    (
        13,
        "（十三）",
        gettext_noop("环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ),
    (14, "（十四）", gettext_noop("公务员招考的职位、名额、报考条件等事项以及录用结果")),
    (15, "（十五）", gettext_noop("法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")),
)
ART20_CHOICES = [(n, f"{mark}{label}") for n, mark, label in ART20_ITEMS]
ART20_LABELS = dict(ART20_CHOICES)

# 主题分类: (code, name, [(code, name), ...]). Shipped by data migration 0002; staff may add.
DEFAULT_TOPICS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "01",
        "综合政务",
        (
            ("0101", "政务公开"),
            ("0102", "政务督查"),
            ("0103", "应急管理"),
            ("0104", "电子政务"),
            ("0105", "其他"),
        ),
    ),
    (
        "02",
        "国民经济管理、国有资产监管",
        (("0201", "发展规划"), ("0202", "经济运行"), ("0203", "国有资产监管")),
    ),
    ("03", "财政、金融、审计", (("0301", "财政"), ("0302", "金融"), ("0303", "审计"))),
    ("04", "国土资源、能源", (("0401", "土地"), ("0402", "矿产"), ("0403", "能源"))),
    ("05", "农业、林业、水利", (("0501", "农业"), ("0502", "林业"), ("0503", "水利"))),
    ("06", "工业、交通", (("0601", "工业"), ("0602", "交通"), ("0603", "邮政"))),
    ("07", "商贸、海关、旅游", (("0701", "商贸"), ("0702", "海关"), ("0703", "旅游"))),
    (
        "08",
        "市场监管、安全生产监管",
        (("0801", "市场监管"), ("0802", "安全生产"), ("0803", "食品药品")),
    ),
    ("09", "城乡建设、环境保护", (("0901", "城乡建设"), ("0902", "环境保护"), ("0903", "住房"))),
    ("10", "科技、教育", (("1001", "科技"), ("1002", "教育"))),
    ("11", "文化、广电、新闻出版", (("1101", "文化"), ("1102", "广播电视"), ("1103", "新闻出版"))),
    ("12", "卫生、体育", (("1201", "卫生健康"), ("1202", "体育"))),
    ("13", "人口与计划生育、妇女儿童工作", (("1301", "人口"), ("1302", "妇女儿童"))),
    (
        "14",
        "劳动、人事、监察",
        (("1401", "劳动就业"), ("1402", "人事工作"), ("1403", "公务员招考")),
    ),
    ("15", "公安、安全、司法", (("1501", "公安"), ("1502", "司法"), ("1503", "法治建设"))),
    ("16", "民政、扶贫、救灾", (("1601", "社会救助"), ("1602", "养老服务"), ("1603", "社会组织"))),
    ("17", "民族、宗教", (("1701", "民族"), ("1702", "宗教"))),
    ("18", "对外事务", (("1801", "外事"),)),
    ("19", "港澳台侨工作", (("1901", "侨务"),)),
    ("20", "国防", (("2001", "国防动员"),)),
    ("21", "其他", (("2101", "其他"),)),
)


class DocKind(models.TextChoices):
    """公文种类 (党政机关公文处理工作条例 第八条) plus legislative and other kinds."""

    LAW = "法律", gettext_noop("法律")
    REGULATION = "法规", gettext_noop("法规")
    RULE = "规章", gettext_noop("规章")
    NORMATIVE = "规范性文件", gettext_noop("规范性文件")
    ORDER = "命令（令）", gettext_noop("命令（令）")
    DECISION = "决定", gettext_noop("决定")
    ANNOUNCEMENT = "公告", gettext_noop("公告")
    NOTICE_PUBLIC = "通告", gettext_noop("通告")
    OPINION = "意见", gettext_noop("意见")
    NOTICE = "通知", gettext_noop("通知")
    BULLETIN = "通报", gettext_noop("通报")
    REPORT = "报告", gettext_noop("报告")
    REPLY = "批复", gettext_noop("批复")
    LETTER = "函", gettext_noop("函")
    MINUTES = "纪要", gettext_noop("纪要")
    RESOLUTION = "决议", gettext_noop("决议")
    COMMUNIQUE = "公报", gettext_noop("公报")
    PLAN = "规划计划", gettext_noop("规划计划")
    STATISTICS = "统计信息", gettext_noop("统计信息")
    INTERPRETATION = "政策解读", gettext_noop("政策解读")
    OTHER = "其他", gettext_noop("其他")


class Validity(models.TextChoices):
    """有效性 of a normative document."""

    NONE = "", "—"
    VALID = "有效", gettext_noop("有效")
    LAPSED = "失效", gettext_noop("失效")
    REPEALED = "废止", gettext_noop("废止")
    AMENDED = "已修改", gettext_noop("已修改")


class DisclosureMode(models.TextChoices):
    """公开方式, determined in the attribute review (条例 第十九至二十一条、第十四至十六条)."""

    UNDETERMINED = "未确定", gettext_noop("未确定")
    PROACTIVE = "主动公开", gettext_noop("主动公开")
    ON_REQUEST = "依申请公开", gettext_noop("依申请公开")
    NOT_DISCLOSED = "不予公开", gettext_noop("不予公开")


class Scope(models.TextChoices):
    PUBLIC = "全社会", gettext_noop("全社会")
    TARGETED = "定点定向", gettext_noop("定点定向")


class InterpretationForm(models.TextChoices):
    TEXT = "文字", gettext_noop("文字")
    GRAPHIC = "图解", gettext_noop("图解")
    VIDEO = "视频", gettext_noop("视频")
    ANIMATION = "动漫", gettext_noop("动漫")
    QA = "问答", gettext_noop("问答")
    PRESS = "新闻发布会", gettext_noop("新闻发布会")
    OTHER = "其他", gettext_noop("其他")


# Seeds 000/004: "多元化解读" = anything other than plain text.
DIVERSIFIED_FORMS = frozenset(f for f in InterpretationForm if f != InterpretationForm.TEXT)


class InterpretationStage(models.TextChoices):
    BEFORE = "发布前", gettext_noop("发布前（预解读）")
    WITH = "同步", gettext_noop("与政策同步发布")
    AFTER = "实施后", gettext_noop("实施后")


class RelationKind(models.TextChoices):
    INTERPRETS = "interprets", gettext_noop("解读")
    AMENDS = "amends", gettext_noop("修改")
    REPEALS = "repeals", gettext_noop("废止")
    REPLACES = "replaces", gettext_noop("替代")


RELATION_INVERSE = {
    RelationKind.INTERPRETS: gettext_noop("解读文件"),
    RelationKind.AMENDS: gettext_noop("被修改"),
    RelationKind.REPEALS: gettext_noop("被废止"),
    RelationKind.REPLACES: gettext_noop("被替代"),
}

# Documents tagged with this policy tag are listed in the 政府信息公开制度 entry.
DISCLOSURE_RULE_TAG = "政府信息公开制度"
