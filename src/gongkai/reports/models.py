"""Annual reports (政府信息公开工作年度报告) and the numbers staff enter by hand."""

from __future__ import annotations

from django.db import models

from gongkai.org.models import Unit, User


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class ReportSource(models.TextChoices):
    GENERATED = "generated", "平台生成"
    IMPORTED = "imported", "导入（往年报告）"


class ReportKind(models.TextChoices):
    UNIT = "unit", "部门报告"
    GOVERNMENT = "government", "政府汇总报告"


class AnnualReport(models.Model):
    """One unit's report for one year. While a draft, its tables are computed from the records
    on every read; publishing freezes them (``tables``) with the checks that passed. An
    imported earlier report keeps the tables read from its file."""

    unit = models.ForeignKey(
        Unit, verbose_name="报告机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类型", max_length=12, choices=ReportKind.choices)
    state = models.CharField(
        "状态", max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    source = models.CharField(
        "来源", max_length=12, choices=ReportSource.choices, default=ReportSource.GENERATED
    )
    tables = models.JSONField("表格数据（发布或导入时固定）", default=dict, blank=True)
    checks = models.JSONField("发布时的校验结果", default=list, blank=True)
    part1 = models.TextField("一、总体情况", blank=True)
    part5 = models.TextField("五、存在的主要问题及改进情况", blank=True)
    part6 = models.TextField("六、其他需要报告的事项", blank=True)
    import_note = models.CharField("导入说明", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reports_one_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年{self.get_kind_display()}"

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    def audit_key(self) -> tuple[str, str]:
        return ("annual_report", f"{self.unit.code}/{self.year}")


class ManualFigure(models.Model):
    """A number entered by hand (行政许可/处罚/强制 decisions, 收费金额): who, when, from what
    source. Append-only: a correction is a new row; the latest row per key is the value."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField("项目", max_length=20)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    source = models.CharField("数据来源", max_length=300)
    entered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("填报时间")

    class Meta:
        verbose_name = "人工填报数字"
        verbose_name_plural = "人工填报数字"
        ordering = ["report", "key", "-entered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"

    def audit_key(self) -> tuple[str, str]:
        return ("annual_report", f"{self.report.unit.code}/{self.report.year}")
