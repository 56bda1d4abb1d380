"""Seed the calendar table for 2019-2026 from chinesecalendar (seed data only, see
../shared/reference/holidays.md). Later years are loaded with ``gongkai calendar import``."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.workdays.arrangement import SEED_YEARS, from_chinesecalendar

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    for year in SEED_YEARS:
        if CalendarYear.objects.filter(year=year).exists():
            continue
        arrangement = from_chinesecalendar(year)
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(
                    date=d,
                    kind=kind,
                    is_working=working,
                    reason=reason,
                    source=arrangement.source,
                )
                for d, kind, working, reason in arrangement.rows()
            ]
        )
        CalendarYear.objects.create(year=year, source=arrangement.source)


def unseed(apps, schema_editor):
    from gongkai.workdays.arrangement import SEED_YEARS

    apps.get_model("workdays", "CalendarDay").objects.filter(date__year__in=SEED_YEARS).delete()
    apps.get_model("workdays", "CalendarYear").objects.filter(year__in=SEED_YEARS).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
