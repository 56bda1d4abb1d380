"""Demo ledger: the district's public plan (every status, evidence, 督办 open and replied, a
name mapped once) and the education bureau's internal plan. Built through the importer and the
services, idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gongkai.core.middleware import acting_through
from gongkai.org.models import Unit, User
from gongkai.workplans import services
from gongkai.workplans.models import Status, Task, WorkPlan

GOV = "11310101MB0001000A"
OFFICE = "11310101MB0001001B"
EDU = "11310101MB0001003D"
CIVIL = "11310101MB0001004E"
STREETS = ("11310101MB0001006G", "11310101MB0001007H")

DISTRICT_PLAN = """序号,任务,具体要求,牵头单位,责任单位,配合单位,责任人,完成时限
一、深化政务公开基础工作,,,,,,,
1,编制政府信息主动公开目录,对照条例第二十条确定主动公开内容并集中发布,区府办,区教育局、区民政局,,王经办,3月底前
2,公开年度重大行政决策事项目录,遵循应入尽入原则确定目录并主动公开,区府办,,区发改委,王经办,每年3月31日前
3,规范政府信息公开专栏,集中公开指南、制度、法定主动公开内容和年度报告,区府办,,,王经办,全年
二、加强政策解读和回应关切,,,,,,,
4,推行多元化政策解读,图解、视频等多元化解读形式占比不低于50%,区府办,区教育局、区民政局,,吴负责人,全年持续推进
5,做好低保等社会救助信息公开,按月公开低保对象人数和资金,,区民政局,各街道,李经办,全年
6,举办政府开放日活动,年内至少举办1次，公开征集活动主题,区府办,区教育局,各街道,吴负责人,8月
7,完成标准目录编制,全领域政务公开事项梳理和标准目录编制,区府办,区教育局、区民政局,,王经办,9月30前
8,做好年度报告编制发布,按新格式编制并按时发布年度报告,区府办,,,王经办,上半年
"""

EDU_PLAN = """序号,工作任务,具体要求,责任处室,完成时限
1,公开义务教育招生入学政策,招生政策、划片范围、报名流程同步解读,区教育局,4月15日前
2,公开学校收费项目和标准,按学段公开收费项目、标准和依据,区教育局,9月底前
3,开展教育系统政务公开培训,组织全系统业务培训至少一次,区教育局,年底前
"""


def _actor(username: str) -> User:
    return User.objects.get(username=username)


def _evidence_url() -> tuple[str, str]:
    from gongkai.documents.models import Document

    doc = Document.objects.filter(live__isnull=False, unit__code=GOV).order_by("pk").first()
    doc = doc or Document.objects.filter(live__isnull=False).order_by("pk").first()
    if doc is None:
        return ("政府信息公开专栏", "/xxgk/")
    return (doc.title, f"/xxgk/documents/{doc.pk}/")


def _report(
    task: Task, username: str, unit_code: str, status: str, text: str, **extra: object
) -> None:
    task.refresh_from_db()
    services.progress_report(
        actor=_actor(username),
        task=task,
        unit=Unit.objects.get(code=unit_code),
        version=task.version,
        status=status,
        text=text,
        **extra,  # type: ignore[arg-type]
    )


def build_demo_workplans() -> int:
    """Two plans for this year; returns how many were created (0 when they exist)."""
    year = timezone.localdate().year
    gov = Unit.objects.filter(code=GOV).first()
    if gov is None or WorkPlan.objects.filter(unit=gov, year=year).exists():
        return 0
    supervisor = _actor("zhuguan")
    with acting_through("cli"):
        streets = list(Unit.objects.filter(code__in=STREETS))
        services.name_map(actor=supervisor, owner=gov, name="各街道", units=streets)
        plan = services.plan_import(
            actor=supervisor,
            unit=gov,
            year=year,
            path="示范区政务公开工作要点任务分解表.csv",
            content=DISTRICT_PLAN.encode(),
            title=f"示范区{year}年政务公开工作要点任务分解表",
        ).plan
        assert plan is not None
        plan = services.plan_update(
            actor=supervisor,
            plan=plan,
            version=plan.version,
            values={"is_public": True, "published_on": datetime.date(year, 3, 5)},
        )
        tasks = {t.number: t for t in plan.tasks.all()}
        title, url = _evidence_url()
        _report(
            tasks[1],
            "jingban",
            OFFICE,
            Status.DONE,
            "主动公开目录已编制并在政府信息公开专栏集中发布。",
            evidence=[services.EvidenceIn(title, url)],
        )
        _report(
            tasks[3],
            "jingban",
            OFFICE,
            Status.IN_PROGRESS,
            "专栏栏目已按四部分调整，年度报告栏目正在补充历年报告。",
            problems="部分历年报告原件缺失。",
            next_steps="向档案室调取原件后补充上传。",
            internal_note="档案室联系人已沟通。",
        )
        _report(
            tasks[4],
            "jiaoyu",
            EDU,
            Status.IN_PROGRESS,
            "已发布招生政策图解 2 篇，视频解读正在制作。",
            next_steps="9月前完成视频解读。",
        )
        _report(
            tasks[5],
            "minzheng",
            CIVIL,
            Status.DELAYED,
            "受系统升级影响，第三季度数据推迟公开。",
            problems="低保系统升级，数据导出延迟。",
            next_steps="系统恢复后一周内补充公开。",
        )
        _report(
            tasks[8],
            "jingban",
            OFFICE,
            Status.DONE,
            "年度报告已按新格式编制并发布。",
            evidence=[services.EvidenceIn("政府信息公开工作年度报告", "/xxgk/annual-reports/")],
        )
        late = services.notice_send(
            actor=supervisor,
            task=tasks[7],
            unit=Unit.objects.get(code=OFFICE),
            text="标准目录编制已超过完成时限，请说明进度和完成时间。",
            reply_workdays=5,
        )
        answered = services.notice_send(
            actor=supervisor,
            task=tasks[5],
            unit=Unit.objects.get(code=CIVIL),
            text="低保信息延期公开，请说明原因和补充公开时间。",
            reply_workdays=3,
        )
        services.notice_reply(
            actor=_actor("minzheng"),
            notice=answered,
            version=answered.version,
            reply="系统已恢复，将于下周补充公开第三季度数据。",
        )
        assert late.pk
        services.plan_import(
            actor=supervisor,
            unit=Unit.objects.get(code=EDU),
            year=year,
            path="区教育局政务公开工作计划.csv",
            content=EDU_PLAN.encode(),
            title=f"区教育局{year}年政务公开工作计划",
        )
    return 2
