"""The reference library (法律法规库): laws, regulations, rules and judicial interpretations
loaded from a corpus (decision 0008).

A law here is reference material beside the site's own information, never a document of one
of the site's units: it has no unit, no 索引号, no Art. 20 item, and it appears in none of the
政府信息公开 column's lists, filters or counts, the annual report or the statistics. Its public
pages are /library/ and /library/<id>/ (articles anchored #第X条); search finds it in the
法律法规库 tab.

Loading is the one write (services.library_load, audited as ``library.load``); ``indexed``
says whether the search index has the law's current text (the search source's outbox).
"""

from __future__ import annotations

from django.db import models


class Law(models.Model):
    key = models.CharField("来源键", max_length=200, unique=True)
    title = models.CharField("标题", max_length=300, db_index=True)
    level = models.CharField("效力层级", max_length=20, blank=True)
    category = models.CharField("类别", max_length=60, blank=True)
    issuer = models.CharField("制定机关", max_length=120, blank=True)
    doc_number = models.CharField("文号", max_length=120, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    expired = models.BooleanField("已失效", default=False)
    history = models.JSONField("沿革", default=list, blank=True)
    body = models.TextField("正文", blank=True)
    digest = models.CharField("内容摘要值", max_length=64)
    indexed = models.BooleanField("已送检索", default=False, db_index=True)
    loaded_at = models.DateTimeField("载入时间", auto_now=True)

    class Meta:
        ordering = ["-published_on", "title", "id"]
        verbose_name = "法律法规"

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str] | None:
        # a load changes many laws at once and is audited once, as a change to the library
        return ("library", "laws")

    @property
    def validity(self) -> str:
        return "已失效" if self.expired else "有效"
