"""Platform-wide records: runs of the scheduled job (``gongkai tick``) and its job leases."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class TickRun(models.Model):
    """One run of ``gongkai tick``: when, how long, what each registered job reported."""

    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    ok = models.BooleanField("是否成功", default=False)
    results = models.JSONField("各任务结果", default=dict)
    # which machine and process ran this tick (GONGKAI_NODE_NAME, else hostname:pid); each
    # job in ``results`` was run by it, unless marked "skipped" (another node held the lease)
    node = models.CharField("运行节点", max_length=200, blank=True)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return (
            f"{timezone.localtime(self.started_at):%Y-%m-%d %H:%M} {'成功' if self.ok else '失败'}"
        )


class JobLease(models.Model):
    """One row per tick job: whichever ``gongkai tick`` (on whichever machine) holds the row's
    lease runs the job; the others skip it (issue 20, decision 0011).

    ``expires_at`` is wall-clock time: while a holder runs the job it is the start plus
    GONGKAI_TICK_LEASE_SECONDS (a crashed holder's lease lapses then); after the run it is the
    start plus GONGKAI_TICK_PERIOD_SECONDS, so timers firing on every node within one period
    run the job once.
    """

    name = models.CharField("任务名", max_length=100, primary_key=True)
    holder = models.CharField("持有节点", max_length=200, blank=True)
    expires_at = models.DateTimeField("租约到期时间", null=True, blank=True)
    last_started_at = models.DateTimeField("上次开始时间", null=True, blank=True)
    last_finished_at = models.DateTimeField("上次结束时间", null=True, blank=True)
    last_node = models.CharField("上次运行节点", max_length=200, blank=True)

    class Meta:
        verbose_name = "定时任务租约"
        verbose_name_plural = "定时任务租约"

    def __str__(self) -> str:
        return f"{self.name} @ {self.holder or '空闲'}"
