"""The 政府信息公开指南 (disclosure guide) each unit keeps current (条例 Art. 12)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DisclosureGuide(models.Model):
    """Staff-edited text of a unit's guide. The office's contact details are not stored here:
    the public page reads them from the unit, so they never diverge."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name="机构", on_delete=models.PROTECT, related_name="guide"
    )
    body = models.TextField("正文")
    updated_at = models.DateTimeField("更新时间")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更新人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def __str__(self) -> str:
        return f"{self.unit} 政府信息公开指南"

    def audit_key(self) -> tuple[str, str]:
        return ("guide", self.unit.code)
