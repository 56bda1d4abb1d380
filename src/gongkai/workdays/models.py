"""The working-day calendar: one row per date of every loaded year, with where it came from."""

from __future__ import annotations

from django.db import models


class DayKind(models.TextChoices):
    WORKDAY = "workday", "工作日"
    WEEKEND = "weekend", "周末"
    HOLIDAY = "holiday", "放假"
    MAKEUP = "makeup", "调休上班"


WORKING_KINDS = {DayKind.WORKDAY, DayKind.MAKEUP}


class CalendarYear(models.Model):
    """A year whose arrangement (国务院办公厅节假日安排通知) is loaded. Years not here are unknown."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源通知", max_length=300)
    revision = models.PositiveIntegerField("修订次数", default=1)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A date is a working day iff it is a make-up working day, or Monday-Friday and not a holiday."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    is_working = models.BooleanField("是否工作日")
    reason = models.CharField("说明", max_length=60, blank=True)
    source = models.CharField("来源通知", max_length=300, blank=True)

    class Meta:
        verbose_name = "日历日"
        verbose_name_plural = "日历日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
