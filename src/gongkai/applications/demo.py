"""Demo cases for ``make demo``: one at every stage of the lifecycle, made through the services
(idempotent: nothing is added when the demo cases exist)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.applications.services import (
    application_act,
    application_register_paper,
    application_submit_online,
)
from gongkai.core.middleware import acting_through
from gongkai.org.models import Unit, User
from gongkai.workdays.selectors import load_calendar

MARK = "（演示）"


def _person(i: int) -> dict[str, str]:
    return {
        "name": f"演示申请人{i}",
        "id_type": "id_card",
        "id_number": f"31010119800101{i:03d}X",
        "phone": f"1380000{i:04d}",
        "email": f"demo{i}@example.org",
        "address": f"示范市示范区演示路{i}号",
    }


def _case(info: str, kind: str = "natural") -> dict[str, str]:
    return {
        "applicant_type": kind,
        "information": f"{info}{MARK}",
        "provision_form": "paper",
        "delivery_way": "post",
    }


def build_demo_applications(office_code: str, clerk: str, reviewer: str, head: str) -> int:
    """Create the demo cases in the unit ``office_code``; return how many were created."""
    if Application.objects.filter(information__endswith=MARK).exists():
        return 0
    unit = Unit.objects.filter(code=office_code).first()
    users = {u.username: u for u in User.objects.filter(username__in=[clerk, reviewer, head])}
    if unit is None or len(users) < 3:
        return 0
    c, r, h = users[clerk], users[reviewer], users[head]
    cal = load_calendar()
    today = timezone.localdate()

    def back(n: int) -> datetime.date:
        """The working day ``n`` working days before today."""
        d, seen = today, 0
        while seen < n:
            d -= datetime.timedelta(days=1)
            seen += int(cal.day(d).is_working)
        return d

    def act(app: Application, user: User, action: str, on: datetime.date, **payload: Any) -> None:
        app.refresh_from_db()
        application_act(
            actor=user,
            code=app.tracking_code,
            action=action,
            version=app.version,
            payload={"on": on.isoformat(), **payload},
        )

    made = 0
    with acting_through("cli"):
        application_submit_online(
            unit=unit, values=_case("2025年老旧小区改造项目清单"), applicant=_person(1)
        )
        made += 1
        d = back(12)
        late = application_register_paper(
            actor=c,
            unit=unit,
            channel="registered_mail",
            values=_case("区政府2024年重大行政决策事项目录", "commercial"),
            applicant=_person(2),
            submitted=d - datetime.timedelta(days=2),
            signed=d,
        )
        act(late, c, "assign", today)
        made += 1
        d = back(5)
        corr = application_register_paper(
            actor=c,
            unit=unit,
            channel="in_person",
            values=_case("关于那个项目的文件"),
            applicant=_person(3),
            submitted=d,
        )
        act(corr, c, "request_correction", back(3), what="请写明项目名称、文号或其他特征描述")
        made += 1
        d = back(10)
        cons = application_register_paper(
            actor=c,
            unit=unit,
            channel="email",
            values=_case("某公司参与政府采购项目的投标文件", "legal_service"),
            applicant=_person(4),
            submitted=d,
            confirmed=d,
        )
        act(cons, c, "assign", back(9))
        act(
            cons,
            c,
            "start_consultation",
            back(6),
            party="third_party",
            party_name="示范建设有限公司",
        )
        made += 1
        d = back(19)
        ext = application_register_paper(
            actor=c,
            unit=unit,
            channel="in_person",
            values=_case("2024年区级财政专项资金使用明细", "research"),
            applicant=_person(5),
            submitted=d,
        )
        act(ext, c, "assign", back(18))
        act(ext, h, "extend", back(1), days=15, reason="涉及多个部门的档案，需要调取汇总")
        made += 1
        d = back(15)
        done = application_register_paper(
            actor=c,
            unit=unit,
            channel="in_person",
            values=_case("示范区2024年道路维修工程验收报告"),
            applicant=_person(6),
            submitted=d,
        )
        act(done, c, "assign", back(14))
        act(
            done,
            c,
            "draft_reply",
            back(4),
            outcome="partial",
            reply_text="现将验收报告提供给您，其中涉及个人信息的内容已作区分处理。",
            withheld="施工人员身份证号码|涉及个人隐私，公开会对第三方合法权益造成损害（条例第十五条）",
            convert_suggested="1",
        )
        act(done, r, "approve_reply", back(3))
        act(done, c, "send_reply", back(3))
        act(done, c, "deliver", back(2), way="post", tracking_number="EMS9876543210")
        act(done, c, "archive", back(1))
        made += 1
    return made
