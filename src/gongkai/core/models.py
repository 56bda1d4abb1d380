"""Platform-wide records: runs of the scheduled job (``gongkai tick``)."""

from __future__ import annotations

from django.db import models


class TickRun(models.Model):
    """One run of ``gongkai tick``: when, how long, what each registered job reported."""

    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    ok = models.BooleanField("是否成功", default=False)
    results = models.JSONField("各任务结果", default=dict)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'成功' if self.ok else '失败'}"
