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

from django.utils.translation import gettext_noop

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


YEAR = FieldSpec("year", gettext_noop("年度"), NUMBER, required=True)
TITLE = FieldSpec("title", gettext_noop("标题"), TEXT, required=True)
BODY = FieldSpec("body", gettext_noop("内容"), LONG)
LINK = FieldSpec("link", gettext_noop("相关链接"), URL, help=gettext_noop("已发布文件或附表的地址"))

PROJECT_STAGES = (
    gettext_noop("批准服务"),
    gettext_noop("批准结果"),
    gettext_noop("招标投标"),
    gettext_noop("征收土地"),
    gettext_noop("重大设计变更"),
    gettext_noop("施工有关"),
    gettext_noop("质量安全监督"),
    gettext_noop("竣工有关"),
)
WELFARE_FIELDS = (
    gettext_noop("对口支援"),
    gettext_noop("农村综合帮扶"),
    gettext_noop("社会救助和社会福利"),
    gettext_noop("教育"),
    gettext_noop("基本医疗卫生"),
    gettext_noop("环境保护"),
    gettext_noop("灾害事故救援"),
    gettext_noop("公共文化体育"),
)

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "budget",
        gettext_noop("部门预决算"),
        gettext_noop("财政预决算"),
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("kind", gettext_noop("类型"), CHOICE, True, ("预算", gettext_noop("决算"))),
            FieldSpec("income", gettext_noop("收入总计（万元）"), NUMBER),
            FieldSpec("expense", gettext_noop("支出总计（万元）"), NUMBER),
            FieldSpec(
                "tables",
                gettext_noop("公开表格"),
                LONG,
                help=gettext_noop("收支总表、财政拨款收支表等，逐行写表名"),
            ),
            BODY,
            LINK,
        ),
        gettext_noop("部门预算、决算及其报表和说明"),
    ),
    ColumnSpec(
        "project-budget",
        gettext_noop("项目预算"),
        gettext_noop("财政预决算"),
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("overview", gettext_noop("项目概述"), LONG, True),
            FieldSpec("basis", gettext_noop("立项依据"), LONG, True),
            FieldSpec("implementer", gettext_noop("实施主体"), TEXT, True),
            FieldSpec("plan", gettext_noop("实施方案"), LONG, True),
            FieldSpec("period", gettext_noop("实施周期"), TEXT, True),
            FieldSpec("budget", gettext_noop("预算安排（万元）"), NUMBER, True),
            FieldSpec("targets", gettext_noop("绩效目标"), LONG, True),
        ),
        gettext_noop(
            "项目预算的七要素：项目概述、立项依据、实施主体、实施方案、实施周期、预算安排、绩效目标"
        ),
    ),
    ColumnSpec(
        "three-public",
        gettext_noop("“三公”经费"),
        gettext_noop("财政预决算"),
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("kind", gettext_noop("类型"), CHOICE, True, ("预算", gettext_noop("决算"))),
            FieldSpec("abroad", gettext_noop("因公出国（境）费（万元）"), NUMBER, True),
            FieldSpec("vehicles", gettext_noop("公务用车购置及运行费（万元）"), NUMBER, True),
            FieldSpec("reception", gettext_noop("公务接待费（万元）"), NUMBER, True),
            BODY,
        ),
        gettext_noop("因公出国（境）费、公务用车购置及运行费、公务接待费，及与上年的比较"),
        yoy_fields=("abroad", "vehicles", "reception"),
    ),
    ColumnSpec(
        "debt",
        gettext_noop("政府债务"),
        gettext_noop("财政预决算"),
        7,
        (
            YEAR,
            TITLE,
            FieldSpec("limit", gettext_noop("债务限额（亿元）"), NUMBER, True),
            FieldSpec("balance", gettext_noop("债务余额（亿元）"), NUMBER, True),
            FieldSpec(
                "kinds", gettext_noop("品种"), TEXT, True, help=gettext_noop("一般债务、专项债务")
            ),
            FieldSpec("term", gettext_noop("期限"), TEXT, True),
            FieldSpec("rate", gettext_noop("利率"), TEXT, True),
            FieldSpec("repayment", gettext_noop("偿还计划"), LONG, True),
            FieldSpec("source", gettext_noop("偿债资金来源"), LONG, True),
        ),
        gettext_noop("政府债务限额、余额、品种、期限、利率、偿还计划、偿债资金来源"),
    ),
    ColumnSpec(
        "audit",
        gettext_noop("审计"),
        gettext_noop("财政预决算"),
        7,
        (
            YEAR,
            TITLE,
            FieldSpec(
                "kind",
                gettext_noop("类型"),
                CHOICE,
                True,
                ("审计计划", gettext_noop("审计结果"), gettext_noop("整改情况")),
            ),
            FieldSpec("body", gettext_noop("内容"), LONG, True),
            LINK,
        ),
        gettext_noop("审计计划、审计结果公告和整改情况"),
    ),
    ColumnSpec(
        "major-project",
        gettext_noop("重大建设项目"),
        gettext_noop("重大建设项目批准和实施"),
        10,
        (
            TITLE,
            FieldSpec("code", gettext_noop("项目代码"), TEXT, True),
            FieldSpec("owner", gettext_noop("建设单位"), TEXT, True),
            FieldSpec("location", gettext_noop("建设地点"), TEXT, True),
            FieldSpec("investment", gettext_noop("总投资（万元）"), NUMBER, True),
            FieldSpec(
                "status",
                gettext_noop("项目状态"),
                CHOICE,
                True,
                ("前期", gettext_noop("在建"), gettext_noop("竣工")),
            ),
            BODY,
        ),
        gettext_noop("重大建设项目从批准到竣工的八类信息"),
        stages=PROJECT_STAGES,
    ),
    ColumnSpec(
        "proposal",
        gettext_noop("人大代表建议和政协委员提案"),
        gettext_noop("建议提案办理"),
        15,
        (
            YEAR,
            FieldSpec(
                "kind",
                gettext_noop("类别"),
                CHOICE,
                True,
                ("人大代表建议", gettext_noop("政协委员提案")),
            ),
            FieldSpec("number", gettext_noop("编号"), TEXT, True),
            TITLE,
            FieldSpec("author", gettext_noop("代表或委员"), TEXT, True),
            FieldSpec("lead", gettext_noop("主办单位"), TEXT, True),
            FieldSpec("co", gettext_noop("协办单位"), TEXT),
            FieldSpec("assigned_on", gettext_noop("交办日期"), DATE, True),
            FieldSpec("replied_on", gettext_noop("答复日期"), DATE),
            FieldSpec(
                "category",
                gettext_noop("答复类别"),
                CHOICE,
                False,
                (
                    "A 已解决或采纳",
                    gettext_noop("B 正在解决或列入计划"),
                    gettext_noop("C 因条件限制留作参考"),
                ),
            ),
            FieldSpec("reply", gettext_noop("答复全文"), LONG),
        ),
        gettext_noop("建议、提案的办理复文全文公开"),
        due_field="assigned_on",
        due_months=3,
        due_label=gettext_noop("答复期限（交办之日起三个月）"),
        extra_required={"published": ("replied_on", "category", "reply")},
    ),
    ColumnSpec(
        "random-check-list",
        gettext_noop("随机抽查事项清单"),
        gettext_noop("双随机、一公开"),
        6,
        (
            TITLE,
            FieldSpec("basis", gettext_noop("抽查依据"), LONG, True),
            FieldSpec("subject", gettext_noop("抽查主体"), TEXT, True),
            FieldSpec("content", gettext_noop("抽查内容"), LONG, True),
            FieldSpec("method", gettext_noop("抽查方式"), TEXT, True),
        ),
        gettext_noop("随机抽查事项清单：事项、依据、主体、内容、方式"),
    ),
    ColumnSpec(
        "random-check",
        gettext_noop("抽查计划和结果"),
        gettext_noop("双随机、一公开"),
        6,
        (
            YEAR,
            TITLE,
            FieldSpec(
                "kind", gettext_noop("类型"), CHOICE, True, ("抽查计划", gettext_noop("抽查结果"))
            ),
            FieldSpec("formed_on", gettext_noop("形成日期"), DATE, True),
            FieldSpec("body", gettext_noop("内容"), LONG, True),
        ),
        gettext_noop("年度抽查计划与抽查结果（结果形成之日起20个工作日内公开）"),
        due_field="formed_on",
        due_working_days=20,
        due_label=gettext_noop("公开期限（形成之日起20个工作日）"),
    ),
    ColumnSpec(
        "dual-publicity",
        gettext_noop("行政许可和行政处罚“双公示”"),
        gettext_noop("双随机、一公开"),
        6,
        (
            TITLE,
            FieldSpec(
                "kind", gettext_noop("类别"), CHOICE, True, ("行政许可", gettext_noop("行政处罚"))
            ),
            FieldSpec("decision_no", gettext_noop("决定文书号"), TEXT, True),
            FieldSpec(
                "party",
                gettext_noop("行政相对人名称"),
                TEXT,
                True,
                help=gettext_noop("法人或其他组织名称；自然人只写姓氏"),
            ),
            FieldSpec("reason", gettext_noop("事由或许可内容"), LONG, True),
            FieldSpec("basis", gettext_noop("依据"), LONG, True),
            FieldSpec("decided_on", gettext_noop("决定日期"), DATE, True),
        ),
        gettext_noop("行政许可、行政处罚决定的公示"),
    ),
    ColumnSpec(
        "public-resources",
        gettext_noop("公共资源配置"),
        gettext_noop("公共资源配置"),
        9,
        (
            TITLE,
            FieldSpec(
                "kind",
                gettext_noop("领域"),
                CHOICE,
                True,
                (
                    gettext_noop("政府采购"),
                    gettext_noop("工程建设项目招标投标"),
                    gettext_noop("土地使用权和矿业权出让"),
                    gettext_noop("国有产权交易"),
                    gettext_noop("其他"),
                ),
            ),
            FieldSpec(
                "stage",
                gettext_noop("阶段"),
                CHOICE,
                True,
                ("公告", gettext_noop("结果"), gettext_noop("合同"), gettext_noop("变更")),
            ),
            FieldSpec("dated", gettext_noop("日期"), DATE, True),
            BODY,
            LINK,
        ),
        gettext_noop("政府采购、工程招投标、土地和产权交易等的公告与结果"),
    ),
    ColumnSpec(
        "social-welfare",
        gettext_noop("社会公益事业"),
        gettext_noop("社会公益事业"),
        11,
        (
            TITLE,
            FieldSpec("field", gettext_noop("领域"), CHOICE, True, WELFARE_FIELDS),
            FieldSpec("dated", gettext_noop("日期"), DATE, True),
            FieldSpec("body", gettext_noop("内容"), LONG, True),
            LINK,
        ),
        gettext_noop(
            "对口支援、农村综合帮扶、社会救助和社会福利、教育、基本医疗卫生、环境保护、灾害事故救援、公共文化体育"
        ),
    ),
    ColumnSpec(
        "soe",
        gettext_noop("国资国企"),
        gettext_noop("国资国企"),
        15,
        (
            YEAR,
            TITLE,
            FieldSpec("enterprise", gettext_noop("企业名称"), TEXT, True),
            FieldSpec(
                "kind",
                gettext_noop("信息类别"),
                CHOICE,
                True,
                (
                    "基本情况",
                    gettext_noop("财务信息"),
                    gettext_noop("重大事项"),
                    gettext_noop("负责人薪酬"),
                    gettext_noop("其他"),
                ),
            ),
            FieldSpec("body", gettext_noop("内容"), LONG, True),
        ),
        gettext_noop("国有资本运营、国有企业基本情况和重大事项"),
    ),
    ColumnSpec(
        "public-institution",
        gettext_noop("公共企事业单位"),
        gettext_noop("公共企事业单位"),
        15,
        (
            TITLE,
            FieldSpec("services", gettext_noop("服务内容"), LONG, True),
            FieldSpec("fees", gettext_noop("收费标准"), LONG, True),
            FieldSpec("outlets", gettext_noop("服务网点"), LONG, True),
            FieldSpec(
                "contact",
                gettext_noop("联系方式"),
                TEXT,
                True,
                help=gettext_noop("单位的服务电话，不写个人电话"),
            ),
            FieldSpec("complaints", gettext_noop("投诉渠道"), TEXT, True),
        ),
        gettext_noop("教育、卫生、供水、供电、供气、公交等公共企事业单位的办事公开"),
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
