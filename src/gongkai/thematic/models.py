"""Entries of the thematic columns (重点领域), typed by ``columns.COLUMNS``."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EntryState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class ColumnChoice(models.Model):
    """A body enables only the columns that concern it."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    column = models.CharField("栏目", max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "column"], name="thematic_column_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}：{self.column}"

    def audit_key(self) -> tuple[str, str]:
        return ("thematic_columns", self.unit.code)


class Entry(models.Model):
    column = models.CharField("栏目", max_length=40, db_index=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="机构"
    )
    title = models.CharField("标题", max_length=300)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    values = models.JSONField("字段", default=dict)
    stages = models.JSONField(
        "阶段信息", default=dict
    )  # 重大建设项目: stage -> [{title, url, date}]
    state = models.CharField(
        "状态", max_length=12, choices=EntryState.choices, default=EntryState.DRAFT
    )
    created_at = models.DateTimeField("创建时间")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    # when the public page last changed (published, corrected in place, a stage added): the
    # sitemap's lastmod and the feed's <updated> read it, never the time of the request
    updated_at = models.DateTimeField("更新时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    import_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    search_dirty = models.BooleanField(default=True)  # to be (re)sent to the search index
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "重点领域信息"
        indexes = [models.Index(fields=["column", "state", "unit"])]

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return ("thematic_entry", str(self.pk))
