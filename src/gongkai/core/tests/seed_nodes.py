"""Run as ``python -m gongkai.core.tests.seed_nodes`` in a node's environment (after migrate):
the test personas, a document approved and ready to publish, and an application due within
the next working days assigned to a clerk with an e-mail address. Prints what it made (JSON)."""

from __future__ import annotations

import datetime
import json


def main() -> None:
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from gongkai.applications.demo import _case, _person
    from gongkai.applications.services import application_act, application_register_paper
    from gongkai.audit.services import audit_record
    from gongkai.core.middleware import acting_through
    from gongkai.documents import lifecycle, services
    from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT
    from gongkai.testing import build_world
    from gongkai.workdays.selectors import load_calendar

    world = build_world()
    with acting_through("cli"), transaction.atomic():
        services.topics_install_defaults()
        world.clerk.email = "clerk@example.gov.cn"
        world.clerk.save(update_fields=["email"])
        audit_record(
            actor=None,
            action="user.update",
            obj_type="user",
            obj_id="clerk",
            after={"email": world.clerk.email},
        )
    doc = services.document_create(
        actor=world.clerk,
        unit=world.office,
        values={**SAMPLE_DOCUMENT, "title": "关于鲲鹏湖生态保护的多节点通知"},
    )
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    doc.refresh_from_db()

    cal = load_calendar()
    day, seen = timezone.localdate(), 0
    while seen < 19:  # signed 19 working days ago: one working day left of the 20
        day -= datetime.timedelta(days=1)
        seen += int(cal.day(day).is_working)
    with acting_through("cli"):
        app = application_register_paper(
            actor=world.clerk,
            unit=world.office,
            channel="in_person",
            values=_case("鲲鹏湖水质监测报告"),
            applicant=_person(1),
            submitted=day,
        )
        app.refresh_from_db()
        application_act(
            actor=world.clerk,
            code=app.tracking_code,
            action="assign",
            version=app.version,
            payload={"on": day.isoformat()},
        )
    print(
        json.dumps({"document": doc.pk, "version": doc.version, "application": app.tracking_code})
    )


if __name__ == "__main__":
    main()
