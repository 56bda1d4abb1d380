"""Data that leaves on schedule (issue 20): the quarterly archive packages."""

from __future__ import annotations

from django.db import models


class ArchivePackage(models.Model):
    """One quarter's package of the original texts and attachments of everything published in
    it (seed 003 (十二): every quarter to the archive), and whether it was delivered."""

    quarter = models.CharField("季度", max_length=6, unique=True)  # e.g. 2026Q3
    created_at = models.DateTimeField("生成时间")
    created_by = models.CharField("生成者", max_length=200)  # a user, or the tick's node
    path = models.CharField("文件路径", max_length=500)
    sha256 = models.CharField("包的 SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    files = models.PositiveIntegerField("文件数")
    documents = models.PositiveIntegerField("文件（公文）数")
    delivered_at = models.DateTimeField("移交时间", null=True, blank=True)
    delivered_to = models.CharField("接收单位", max_length=200, blank=True)
    receipt = models.CharField("回执或备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "季度归档包"
        verbose_name_plural = "季度归档包"
        ordering = ["-quarter"]

    def __str__(self) -> str:
        return f"{self.quarter} 归档包"

    def audit_key(self) -> tuple[str, str]:
        return ("archive_package", self.quarter)
