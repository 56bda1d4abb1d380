"""Demo: the district office's annual report for the previous year, published as a clerk and
the head would do it (demo.hooks builder "reports").

The year's records come first: a handful of 2025 applications registered on paper and answered
in 2025 through the applications services (so the report's table 三 counts real cases); then the
clerk generates the report (report_open), enters the numbers the platform cannot know with their
source (report_set_figure), completes parts 一, 五 and 六 from the prefilled drafts
(report_edit_texts), and the head publishes it (report_publish: refused while any check fails)
on the last working day before its deadline (条例第四十九条: by 31 January), as an office
would, rather than on the day the demo is built; the audit log keeps the real times.
Idempotent: nothing happens once that report exists.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.applications.services import application_act, application_register_paper
from gongkai.core.middleware import acting_through
from gongkai.org.models import Unit, User
from gongkai.reports import services
from gongkai.reports.assemble import assemble, deadline_for
from gongkai.reports.models import AnnualReport
from gongkai.workdays.selectors import load_calendar

OFFICE = "11310101MB0001001B"
MARK = "（演示，上年度）"

# (received, channel, applicant type, information, outcome, extra reply payload, replied)
CASES: list[tuple[str, str, str, str, str, dict[str, str], str]] = [
    ("2025-03-10", "in_person", "natural", "示范区2024年城市更新项目资金安排", "disclosed",
     {"reply_text": "现将2024年城市更新项目资金安排表提供给您。"}, "2025-03-24"),
    ("2025-05-12", "registered_mail", "commercial", "示范区2024年政府采购合同公告汇总", "already_public",
     {"reply_text": "该信息已在本机关政府信息公开专栏主动公开，可在“财政预决算”栏目查阅。"}, "2025-05-20"),
    ("2025-08-04", "in_person", "research", "示范区2024年老年助餐点补贴发放明细", "partial",
     {"reply_text": "现将补贴发放汇总情况提供给您，其中涉及个人信息的内容已作区分处理。",
      "withheld": "受助老人姓名和身份证号码|涉及个人隐私，公开会对第三方合法权益造成损害（条例第十五条）"}, "2025-08-22"),
    ("2025-10-13", "in_person", "natural", "示范区2019年某小区加装电梯的会议记录", "not_held",
     {"reply_text": "经检索，本机关未制作、获取该信息。"}, "2025-10-27"),
]  # fmt: skip

# the numbers from the units' own systems, with their source
FIGURES: dict[str, tuple[int | str, str]] = {
    "licensing": (326, "区政务服务中心2025年行政许可统计台账"),
    "penalty": (57, "区司法局行政执法监督平台2025年统计"),
    "coercion": (4, "区司法局行政执法监督平台2025年统计"),
    "fees": ("12.35", "区财政局2025年非税收入征缴统计"),
}

PART1_MORE = (
    "本年度，本机关坚持以公开为常态、不公开为例外，围绕重点领域推进决策、执行、管理、服务、结果公开，"
    "完善政府信息公开平台，规范依申请公开办理流程，全部申请均在法定期限内答复。"
)
PART5_MORE = (
    "存在的主要问题：政策解读形式仍较单一，图解、视频等多样化解读比例有待提高。"
    "改进措施：2026年起重要政策与解读材料同步起草、同步审签、同步发布，推广一图读懂等解读形式。"
)


def _person(i: int) -> dict[str, str]:
    return {
        "name": f"演示申请人{i}",
        "id_type": "id_card",
        "id_number": f"31010119850101{i:03d}X",
        "phone": f"1390000{i:04d}",
        "address": f"示范市示范区演示路{i}号",
    }


def _cases(unit: Unit, clerk: User, reviewer: User) -> None:
    if Application.objects.filter(unit=unit, information__endswith=MARK).exists():
        return

    def act(app: Application, user: User, action: str, on: str, **payload: Any) -> None:
        app.refresh_from_db()
        application_act(
            actor=user,
            code=app.tracking_code,
            action=action,
            version=app.version,
            payload={"on": on, **payload},
        )

    for i, (received, channel, kind, info, outcome, reply, replied) in enumerate(CASES, start=21):
        on = datetime.date.fromisoformat(received)
        app = application_register_paper(
            actor=clerk,
            unit=unit,
            channel=channel,
            values={
                "applicant_type": kind,
                "information": f"{info}{MARK}",
                "provision_form": "paper",
                "delivery_way": "post",
            },
            applicant=_person(i),
            submitted=on,
            signed=on if channel == "registered_mail" else None,
        )
        act(app, clerk, "assign", received)
        act(app, clerk, "draft_reply", replied, outcome=outcome, **reply)
        act(app, reviewer, "approve_reply", replied)
        act(app, clerk, "send_reply", replied)
        act(app, clerk, "deliver", replied, way="post", tracking_number=f"EMS20250{i:05d}")
        act(app, clerk, "archive", replied)


def publication_time(unit: Unit, year: int) -> datetime.datetime:
    """10:00 on the last working day (the project's calendar) on or before the report's deadline
    (``deadline_for``, 条例第四十九条); now, if that moment has not come yet."""
    calendar = load_calendar()
    day = deadline_for(unit, year)
    while not calendar.day(day).is_working:
        day -= datetime.timedelta(days=1)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    return min(at, timezone.now())


def build_demo_report() -> AnnualReport | None:
    """The office's published report for last year (None when the demo's people are missing)."""
    unit = Unit.objects.filter(code=OFFICE).first()
    people = {
        u.username: u for u in User.objects.filter(username__in=["jingban", "shenhe", "fuzeren"])
    }
    if unit is None or len(people) < 3:
        return None
    year = timezone.localdate().year - 1
    done = AnnualReport.objects.filter(unit=unit, year=year).first()
    if done is not None:
        return done
    clerk, reviewer, head = people["jingban"], people["shenhe"], people["fuzeren"]
    with acting_through("cli"):
        if year == 2025:  # the dated cases belong to 2025; a demo built later reports its own year
            _cases(unit, clerk, reviewer)
        report = services.report_open(actor=clerk, unit=unit, year=year)
        for key, (value, source) in FIGURES.items():
            services.report_set_figure(
                actor=clerk, report=report, key=key, value=value, source=source
            )
        drafts = assemble(unit, year).texts
        report.refresh_from_db()
        report = services.report_edit_texts(
            actor=clerk,
            report=report,
            texts={
                "part1": f"{drafts['part1']}\n{PART1_MORE}",
                "part5": f"{drafts['part5']}\n{PART5_MORE}",
                "part6": drafts["part6"],
            },
            version=report.version,
        )
        return services.report_publish(actor=head, report=report, now=publication_time(unit, year))
