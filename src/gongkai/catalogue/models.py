"""政务公开事项标准目录: each unit's standard disclosure catalogue, in the national layout
(国办发〔2019〕54号 and the pilot areas' 标准指引; see ``layout.py``), kept in dated versions.

A unit edits one draft version at a time; publishing it makes it the current catalogue (the
earlier published version stays, with its dates, as history). Each item may name the records
that fulfil it (``ItemLink``: a topic, an Art. 20 item, a policy tag, a thematic column …;
kinds registered in ``links.py``), so its public page lists them live (超链接归集) and the
timeliness check knows what was published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CatalogueState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"


class Catalogue(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="机构"
    )
    number = models.PositiveIntegerField("版本号")
    state = models.CharField(
        "状态", max_length=12, choices=CatalogueState.choices, default=CatalogueState.DRAFT
    )
    tier_labels = models.JSONField("公开层级的列", default=list)  # e.g. ["区级", "街镇级"]
    note = models.CharField("修订说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    effective_on = models.DateField("生效日期", null=True, blank=True)
    superseded_on = models.DateField("停止使用日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # optimistic lock of the draft

    class Meta:
        verbose_name = "政务公开事项标准目录"
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="catalogue_unit_number"),
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(state="draft"),
                name="catalogue_one_draft_per_unit",
            ),
        ]
        ordering = ["unit_id", "-number"]

    def __str__(self) -> str:
        return f"{self.unit} 标准目录 第{self.number}版"

    def audit_key(self) -> tuple[str, str]:
        return ("catalogue", f"{self.unit.code}#{self.number}")


class Audience(models.TextChoices):
    PUBLIC = "全社会", "全社会"
    SPECIFIC = "特定群体", "特定群体"


class Mode(models.TextChoices):
    PROACTIVE = "主动", "主动"
    ON_REQUEST = "依申请", "依申请"


class CatalogueItem(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField("序号")
    level1 = models.CharField("一级事项", max_length=120)
    level2 = models.CharField("二级事项", max_length=200, blank=True)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=200)
    subject = models.CharField("公开主体", max_length=200)
    channels = models.TextField("公开渠道和载体", blank=True)
    audiences = models.JSONField("公开对象", default=list)  # subset of Audience values
    modes = models.JSONField("公开方式", default=list)  # subset of Mode values
    tiers = models.JSONField("公开层级", default=list)  # subset of catalogue.tier_labels
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "标准目录事项"
        ordering = ["catalogue_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "seq"], name="catalogue_item_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.level1}/{self.level2}"

    def audit_key(self) -> tuple[str, str]:
        return self.catalogue.audit_key()  # items change with their catalogue, audited there


class ItemLink(models.Model):
    """A kind of record that fulfils the item (超链接归集): ``kind`` names a registered link
    kind (``links.py``), ``value`` its parameter (a topic code, an Art. 20 item number …)."""

    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField("关联类型", max_length=30)
    value = models.CharField("关联值", max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "kind", "value"], name="catalogue_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"

    def audit_key(self) -> tuple[str, str]:
        return self.item.audit_key()
