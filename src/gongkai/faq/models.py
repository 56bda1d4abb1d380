"""常见问题解答 (FAQ) and the consultation knowledge base (issue 21 items 4–5; seed 002 rows 14–16).

An entry is a question and its answer, owned by a unit, optionally citing the policy documents it
explains, grouped by a topic, valid between two dates. The public sees only published entries
that are valid today (selectors.public_entries); an entry that cites a repealed or lapsed policy
is flagged ``needs_review`` by the tick job ``faq.cited_policy_check`` and listed in the to-do of
its unit until someone edits or retires it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FaqState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    PUBLISHED = "published", "已发布"
    RETIRED = "retired", "已停用"


# state -> states a step may move it to (services.faq_transition)
TRANSITIONS: dict[str, frozenset[str]] = {
    FaqState.DRAFT: frozenset({FaqState.SUBMITTED, FaqState.PUBLISHED, FaqState.RETIRED}),
    FaqState.SUBMITTED: frozenset({FaqState.PUBLISHED, FaqState.DRAFT, FaqState.RETIRED}),
    FaqState.PUBLISHED: frozenset({FaqState.RETIRED, FaqState.DRAFT}),
    FaqState.RETIRED: frozenset({FaqState.DRAFT}),
}


class FaqEntry(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="负责机构"
    )
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答复")  # plain text, masked (core.privacy) before it is stored
    keywords = models.CharField("关键词", max_length=200, blank=True)
    topic = models.CharField("主题", max_length=60, blank=True, db_index=True)
    documents = models.ManyToManyField(
        "documents.Document", verbose_name="相关政策文件", blank=True, related_name="faq_entries"
    )
    valid_from = models.DateField("有效期起", null=True, blank=True)
    valid_until = models.DateField("有效期止", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=FaqState.choices, default=FaqState.DRAFT, db_index=True
    )
    # where it came from: "message:<id>" when made from a reply, "import", "" when typed
    source = models.CharField("来源", max_length=80, blank=True)
    needs_review = models.BooleanField("待复核", default=False)
    review_reason = models.CharField("复核原因", max_length=300, blank=True)
    resolved_count = models.PositiveIntegerField("“已解决”次数", default=0)
    # the search source's bookkeeping (search_source.changes): changed since last handed over,
    # and whether the index holds it now
    search_dirty = models.BooleanField(default=True)
    search_indexed = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="创建人",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "常见问题"
        verbose_name_plural = "常见问题"
        ordering = ["topic", "id"]
        indexes = [models.Index(fields=["state", "unit"])]

    def __str__(self) -> str:
        return self.question

    def audit_key(self) -> tuple[str, str]:
        return ("faq", str(self.pk))

    def keyword_list(self) -> list[str]:
        raw = self.keywords
        for sep in ("；", ";", "，", ",", "、"):
            raw = raw.replace(sep, " ")
        return [k for k in raw.split() if k]
