"""Record the 2019-2026 seed (migration 0002) in the audit log, like any other calendar load."""

from django.db import migrations


def record(apps, schema_editor):
    from gongkai.workdays.arrangement import SEED_YEARS

    AuditEvent = apps.get_model("audit", "AuditEvent")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    for year in CalendarYear.objects.filter(year__in=SEED_YEARS).order_by("year"):
        if AuditEvent.objects.filter(
            object_type="calendar_year", object_id=str(year.year)
        ).exists():
            continue
        AuditEvent.objects.create(
            actor=None,
            actor_label="系统（安装）",
            action="calendar.seed",
            object_type="calendar_year",
            object_id=str(year.year),
            object_label=f"{year.year}年工作日日历",
            after={"source": year.source},
            channel="cli",
        )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0002_seed_2019_2026"), ("audit", "0003_append_only_triggers")]
    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
