"""办事服务: service items (权责清单 and 公共服务事项), their guides (办事指南) and "一件事" guides
that chain several items; and which documents name which service (阅办联动)."""

from __future__ import annotations

from django.db import models


class ListKind(models.TextChoices):
    POWERS = "权责清单", "权责清单"
    PUBLIC = "公共服务事项", "公共服务事项"


class ServiceItem(models.Model):
    code = models.CharField("事项编码", max_length=64, unique=True)
    name = models.CharField("事项名称", max_length=200)
    list_kind = models.CharField("清单类型", max_length=12, choices=ListKind.choices)
    kind = models.CharField("事项类型", max_length=30)  # 行政许可, 行政给付, 公共服务 …
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="实施机构"
    )
    basis = models.TextField("设定依据")
    conditions = models.TextField("受理条件")
    materials = models.JSONField("申请材料", default=list)  # [{"name", "note", "form_url"}]
    process = models.TextField("办理流程")
    time_limit = models.CharField("办理时限", max_length=100)
    fee = models.CharField("收费标准", max_length=200, default="不收费")
    channel = models.CharField("办理渠道", max_length=200)
    online_url = models.CharField("在线办理地址", max_length=500, blank=True)
    contact = models.CharField("咨询电话", max_length=100)
    import_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=0)
    # when the guide last changed: the <updated> of its sitemap and feed entry (feeds.py) and
    # the date of its search record
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办事事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("service_item", self.code)


class OneThing(models.Model):
    """一件事: one life event served by several items, in order."""

    title = models.CharField("一件事名称", max_length=200)
    summary = models.TextField("说明")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    # the steps, in the order they are done: kept exactly as saved and shown in this order
    items = models.JSONField("事项编码（按办理顺序）", default=list)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "一件事"

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return ("one_thing", str(self.pk))


class DocumentService(models.Model):
    """A document names a service: its pages carry the 办 icon (seed 002 row 15)."""

    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="named_services"
    )
    service = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="documents")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "service"], name="banshi_doc_service_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}→{self.service.code}"

    def audit_key(self) -> tuple[str, str]:
        return ("document", str(self.document_id))


class BlankForm(models.Model):
    """The blank form of one material of a service, uploaded by staff and offered for download
    on the guide (a material may also, or instead, link an external form address)."""

    service = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="blank_forms")
    material = models.CharField("材料名称", max_length=200)
    file = models.FileField(upload_to="banshi/forms/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        "org.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "空白表格"
        constraints = [
            models.UniqueConstraint(fields=["service", "material"], name="banshi_form_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def file_type(self) -> str:
        """DOCX, XLSX or PDF: what the download link says it is."""
        return self.name.rsplit(".", 1)[-1].upper()

    def audit_key(self) -> tuple[str, str]:
        return ("service_item", self.service.code)


class SearchChange(models.Model):
    """Outbox of the search source: a guide's search group to hand over again (written in the
    transaction of the change; the search's tick job takes and deletes them)."""

    group = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.group
