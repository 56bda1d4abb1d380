"""重点领域: the thematic columns, each a typed kind of entry with the fields its rules name.

A column is stated once here (``COLUMNS``): its title, the Art. 20 item its entries belong to
in the 法定主动公开内容 listing, and its fields. An entry stores its values by field key and is
validated against the column: a required field missing means it cannot be published (a project
budget without 绩效目标 is refused with the field named). Sources, beside each column:

- 财政预决算 (条例 Art. 20 (七); 预算法 Art. 14; seed 004 items 36-37): department budgets and
  final accounts; project budgets with the seven elements (项目概述, 立项依据, 实施主体, 实施方案,
  实施周期, 预算安排, 绩效目标); 三公经费 with the change on the year before; government debt
  (限额, 余额, 品种, 期限, 利率, 偿还计划, 偿债资金来源); audit plans, reports and rectification.
- 重大建设项目批准和实施 (国办发〔2017〕94号): the eight stages of a project's life.
- 人大代表建议 / 政协委员提案 (seed 001 三2): replies in full; handled within three months of being
  assigned (《全国人民代表大会代表建议、批评和意见处理办法》 Art. 11; 政协提案 by the same rule,
  configurable per column).
- 双随机、一公开 (国发〔2019〕5号): the 随机抽查事项清单, plans and results; results public within
  20 working days of being formed (configurable); 行政许可和行政处罚 双公示 (seed 004 item 42).
- 公共资源配置, 社会公益事业 (its eight sub-fields, seed 004 item 40), 国资国企, 公共企事业单位
  (name, services, fees, outlets, contact, complaint channel; seed 004 item 44).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

TEXT, LONG, NUMBER, DATE, CHOICE, URL = "text", "long", "number", "date", "choice", "url"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    title: str
    group: str  # the 重点领域 it belongs to, e.g. "财政预决算"
    art20_item: int  # 条例第二十条 item its entries are listed under
    fields: tuple[FieldSpec, ...]
    summary: str = ""
    title_field: str = "title"  # the field that names an entry
    stages: tuple[str, ...] = ()  # 重大建设项目: the stages whose information is linked
    due_field: str = ""  # a date field the handling/publication deadline counts from
    due_working_days: int = 0  # … in working days on the project's calendar
    due_months: int = 0  # … or in calendar months
    due_label: str = ""
    yoy_fields: tuple[str, ...] = ()  # numbers compared with the same unit's entry a year before
    extra_required: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def field(self, key: str) -> FieldSpec:
        return next(f for f in self.fields if f.key == key)


YEAR = FieldSpec("year", "年度", NUMBER, required=True)
TITLE = FieldSpec("title", "标题", TEXT, required=True)
BODY = FieldSpec("body", "内容", LONG)
LINK = FieldSpec("link", "相关链接", URL, help="已发布文件或附表的地址")

PROJECT_STAGES = (
    "批准服务",
    "批准结果",
    "招标投标",
    "征收土地",
    "重大设计变更",
    "施工有关",
    "质量安全监督",
    "竣工有关",
)
WELFARE_FIELDS = (
    "对口支援",
    "农村综合帮扶",
    "社会救助和社会福利",
    "教育",
    "基本医疗卫生",
    "环境保护",
    "灾害事故救援",
    "公共文化体育",
)

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "budget",
        "部门预决算",
        "财政预决算",
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("kind", "类型", CHOICE, True, ("预算", "决算")),
            FieldSpec("income", "收入总计（万元）", NUMBER),
            FieldSpec("expense", "支出总计（万元）", NUMBER),
            FieldSpec("tables", "公开表格", LONG, help="收支总表、财政拨款收支表等，逐行写表名"),
            BODY,
            LINK,
        ),
        "部门预算、决算及其报表和说明",
    ),
    ColumnSpec(
        "project-budget",
        "项目预算",
        "财政预决算",
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("overview", "项目概述", LONG, True),
            FieldSpec("basis", "立项依据", LONG, True),
            FieldSpec("implementer", "实施主体", TEXT, True),
            FieldSpec("plan", "实施方案", LONG, True),
            FieldSpec("period", "实施周期", TEXT, True),
            FieldSpec("budget", "预算安排（万元）", NUMBER, True),
            FieldSpec("targets", "绩效目标", LONG, True),
        ),
        "项目预算的七要素：项目概述、立项依据、实施主体、实施方案、实施周期、预算安排、绩效目标",
    ),
    ColumnSpec(
        "three-public",
        "“三公”经费",
        "财政预决算",
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("kind", "类型", CHOICE, True, ("预算", "决算")),
            FieldSpec("abroad", "因公出国（境）费（万元）", NUMBER, True),
            FieldSpec("vehicles", "公务用车购置及运行费（万元）", NUMBER, True),
            FieldSpec("reception", "公务接待费（万元）", NUMBER, True),
            BODY,
        ),
        "因公出国（境）费、公务用车购置及运行费、公务接待费，及与上年的比较",
        yoy_fields=("abroad", "vehicles", "reception"),
    ),
    ColumnSpec(
        "debt",
        "政府债务",
        "财政预决算",
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("limit", "债务限额（亿元）", NUMBER, True),
            FieldSpec("balance", "债务余额（亿元）", NUMBER, True),
            FieldSpec("kinds", "品种", TEXT, True, help="一般债务、专项债务"),
            FieldSpec("term", "期限", TEXT, True),
            FieldSpec("rate", "利率", TEXT, True),
            FieldSpec("repayment", "偿还计划", LONG, True),
            FieldSpec("source", "偿债资金来源", LONG, True),
        ),
        "政府债务限额、余额、品种、期限、利率、偿还计划、偿债资金来源",
    ),
    ColumnSpec(
        "audit",
        "审计",
        "财政预决算",
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("kind", "类型", CHOICE, True, ("审计计划", "审计结果", "整改情况")),
            FieldSpec("body", "内容", LONG, True),
            LINK,
        ),
        "审计计划、审计结果公告和整改情况",
    ),
    ColumnSpec(
        "major-project",
        "重大建设项目",
        "重大建设项目批准和实施",
        10,
        (
            TITLE,
            FieldSpec("code", "项目代码", TEXT, True),
            FieldSpec("owner", "建设单位", TEXT, True),
            FieldSpec("location", "建设地点", TEXT, True),
            FieldSpec("investment", "总投资（万元）", NUMBER, True),
            FieldSpec("status", "项目状态", CHOICE, True, ("前期", "在建", "竣工")),
            BODY,
        ),
        "重大建设项目从批准到竣工的八类信息",
        stages=PROJECT_STAGES,
    ),
    ColumnSpec(
        "proposal",
        "人大代表建议和政协委员提案",
        "建议提案办理",
        15,
        (
            YEAR,
            FieldSpec("kind", "类别", CHOICE, True, ("人大代表建议", "政协委员提案")),
            FieldSpec("number", "编号", TEXT, True),
            TITLE,
            FieldSpec("author", "代表或委员", TEXT, True),
            FieldSpec("lead", "主办单位", TEXT, True),
            FieldSpec("co", "协办单位", TEXT),
            FieldSpec("assigned_on", "交办日期", DATE, True),
            FieldSpec("replied_on", "答复日期", DATE),
            FieldSpec(
                "category",
                "答复类别",
                CHOICE,
                False,
                ("A 已解决或采纳", "B 正在解决或列入计划", "C 因条件限制留作参考"),
            ),
            FieldSpec("reply", "答复全文", LONG),
        ),
        "建议、提案的办理复文全文公开",
        due_field="assigned_on",
        due_months=3,
        due_label="答复期限（交办之日起三个月）",
        extra_required={"published": ("replied_on", "category", "reply")},
    ),
    ColumnSpec(
        "random-check-list",
        "随机抽查事项清单",
        "双随机、一公开",
        6,
        (
            TITLE,
            FieldSpec("basis", "抽查依据", LONG, True),
            FieldSpec("subject", "抽查主体", TEXT, True),
            FieldSpec("content", "抽查内容", LONG, True),
            FieldSpec("method", "抽查方式", TEXT, True),
        ),
        "随机抽查事项清单：事项、依据、主体、内容、方式",
    ),
    ColumnSpec(
        "random-check",
        "抽查计划和结果",
        "双随机、一公开",
        6,
        (
            YEAR,
            TITLE,
            FieldSpec("kind", "类型", CHOICE, True, ("抽查计划", "抽查结果")),
            FieldSpec("formed_on", "形成日期", DATE, True),
            FieldSpec("body", "内容", LONG, True),
        ),
        "年度抽查计划与抽查结果（结果形成之日起20个工作日内公开）",
        due_field="formed_on",
        due_working_days=20,
        due_label="公开期限（形成之日起20个工作日）",
    ),
    ColumnSpec(
        "dual-publicity",
        "行政许可和行政处罚“双公示”",
        "双随机、一公开",
        6,
        (
            TITLE,
            FieldSpec("kind", "类别", CHOICE, True, ("行政许可", "行政处罚")),
            FieldSpec("decision_no", "决定文书号", TEXT, True),
            FieldSpec(
                "party", "行政相对人名称", TEXT, True, help="法人或其他组织名称；自然人只写姓氏"
            ),
            FieldSpec("reason", "事由或许可内容", LONG, True),
            FieldSpec("basis", "依据", LONG, True),
            FieldSpec("decided_on", "决定日期", DATE, True),
        ),
        "行政许可、行政处罚决定的公示",
    ),
    ColumnSpec(
        "public-resources",
        "公共资源配置",
        "公共资源配置",
        9,
        (
            TITLE,
            FieldSpec(
                "kind",
                "领域",
                CHOICE,
                True,
                (
                    "政府采购",
                    "工程建设项目招标投标",
                    "土地使用权和矿业权出让",
                    "国有产权交易",
                    "其他",
                ),
            ),
            FieldSpec("stage", "阶段", CHOICE, True, ("公告", "结果", "合同", "变更")),
            FieldSpec("dated", "日期", DATE, True),
            BODY,
            LINK,
        ),
        "政府采购、工程招投标、土地和产权交易等的公告与结果",
    ),
    ColumnSpec(
        "social-welfare",
        "社会公益事业",
        "社会公益事业",
        11,
        (
            TITLE,
            FieldSpec("field", "领域", CHOICE, True, WELFARE_FIELDS),
            FieldSpec("dated", "日期", DATE, True),
            FieldSpec("body", "内容", LONG, True),
            LINK,
        ),
        "对口支援、农村综合帮扶、社会救助和社会福利、教育、基本医疗卫生、环境保护、灾害事故救援、公共文化体育",
    ),
    ColumnSpec(
        "soe",
        "国资国企",
        "国资国企",
        15,
        (
            YEAR,
            TITLE,
            FieldSpec("enterprise", "企业名称", TEXT, True),
            FieldSpec(
                "kind",
                "信息类别",
                CHOICE,
                True,
                ("基本情况", "财务信息", "重大事项", "负责人薪酬", "其他"),
            ),
            FieldSpec("body", "内容", LONG, True),
        ),
        "国有资本运营、国有企业基本情况和重大事项",
    ),
    ColumnSpec(
        "public-institution",
        "公共企事业单位",
        "公共企事业单位",
        15,
        (
            TITLE,
            FieldSpec("services", "服务内容", LONG, True),
            FieldSpec("fees", "收费标准", LONG, True),
            FieldSpec("outlets", "服务网点", LONG, True),
            FieldSpec("contact", "联系方式", TEXT, True, help="单位的服务电话，不写个人电话"),
            FieldSpec("complaints", "投诉渠道", TEXT, True),
        ),
        "教育、卫生、供水、供电、供气、公交等公共企事业单位的办事公开",
    ),
)
COLUMNS_BY_SLUG = {c.slug: c for c in COLUMNS}


def column(slug: str) -> ColumnSpec | None:
    return COLUMNS_BY_SLUG.get(slug)


def clean_value(spec: FieldSpec, raw: object) -> tuple[object, str | None]:
    """The stored value of one field, or a problem in Chinese naming the field."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return "", None
    if spec.kind == NUMBER:
        try:
            number = Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            return "", f"“{spec.label}”应为数字，现为“{text}”"
        if not number.is_finite() or abs(number) >= Decimal("1e15"):
            return "", f"“{spec.label}”超出可记录的范围"
        # as written, without trailing zeros after the point (1200, 12.5; never 1.2E+3)
        text = format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text, None
    if spec.kind == DATE:
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"):
            try:
                return datetime.datetime.strptime(text[:11], fmt).date().isoformat(), None  # noqa: DTZ007
            except ValueError:
                continue
        return "", f"“{spec.label}”应为日期（如 2026-06-30），现为“{text}”"
    if spec.kind == CHOICE and text not in spec.choices:
        return "", f"“{spec.label}”应为{'、'.join(spec.choices)}之一，现为“{text}”"
    if spec.kind == URL and not (text.startswith(("https://", "http://", "/"))):
        return "", f"“{spec.label}”应为网址（以 https:// 或 / 开头）"
    limit = 20000 if spec.kind == LONG else 300
    if len(text) > limit:
        return "", f"“{spec.label}”超过 {limit} 个字"
    return text, None


def clean_values(
    col: ColumnSpec, raw: Mapping[str, object], *, for_publication: bool
) -> tuple[dict[str, object], list[str]]:
    values: dict[str, object] = {}
    problems: list[str] = []
    for spec in col.fields:
        value, problem = clean_value(spec, raw.get(spec.key))
        if problem:
            problems.append(problem)
        values[spec.key] = value
    # a draft needs only its name; publication needs every required field (a project budget
    # without 绩效目标 is not published)
    required = [col.title_field]
    if for_publication:
        required += [f.key for f in col.fields if f.required]
        required += list(col.extra_required.get("published", ()))
    failed = set(problems)
    for key in dict.fromkeys(required):
        spec = col.field(key)
        if values.get(key) in ("", None) and not any(spec.label in p for p in failed):
            problems.append(
                f"发布前须填写“{spec.label}”"
                if key != col.title_field
                else f"“{spec.label}”不能为空"
            )
    if "year" in values and values["year"] not in ("", None):
        year = int(Decimal(str(values["year"])))
        if not 1949 <= year <= 2100:
            problems.append(f"“年度”应在 1949 到 2100 之间，现为 {year}")
        values["year"] = str(year)
    return values, problems
