"""Public participation in decisions (重大行政决策与公众参与).

A unit's yearly ``Catalogue`` of major decisions; a ``Decision`` whose page gathers, by link, its
``Material`` (草案, 说明, 背景, 座谈会 ...), its ``Consultation`` (numbered ``Section``s, public
``Comment``s moderated through the shared queue, ``Theme``s answered 采纳/部分采纳/不采纳), the
published result document (documents.Document) and the 意见采纳情况 report; ``Meeting``s with
public ``Representative``s (列席); ``OpenActivity`` with sessions, registrations and topics the
public proposes and votes on; ``Questionnaire``s for 需求征集 and activity feedback.

Personal data (commenters', registrants' and representatives' names and contacts) lives only in
the fields marked PRIVATE and is read only by staff selectors; public pages show published
(masked) text.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


def _key(kind: str, pk: object) -> tuple[str, str]:
    return (f"participation.{kind}", str(pk))


class Answer(models.TextChoices):
    """How an opinion was answered (意见采纳情况)."""

    ADOPTED = "adopted", gettext_noop("采纳")
    PARTLY = "partly", gettext_noop("部分采纳")
    NOT_ADOPTED = "not_adopted", gettext_noop("不采纳")


class PubState(models.TextChoices):
    """What the public wrote, as the moderation queue decided it (先审后发)."""

    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "不予发布"


# --- 重大行政决策事项目录 -----------------------------------------------------------------------


class Catalogue(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    published_on = models.DateField("公布日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "重大行政决策事项目录"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="participation_one_catalogue")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年度重大行政决策事项目录"

    def audit_key(self) -> tuple[str, str]:
        return _key("catalogue", self.pk)


class CatalogueItem(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField("序号")
    name = models.CharField("决策事项", max_length=200)
    lead_unit = models.CharField("承办单位", max_length=120)
    legal_basis = models.CharField("决策依据", max_length=300, blank=True)
    planned_timing = models.CharField("计划完成时间", max_length=60, blank=True)
    hearing = models.BooleanField("拟举行听证", default=False)
    expert_review = models.BooleanField("拟专家论证", default=False)
    risk_assessment = models.BooleanField("拟风险评估", default=False)
    withdrawn = models.BooleanField("已调出", default=False)

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return _key("catalogue", self.catalogue_id)


class Adjustment(models.Model):
    """A change to a published catalogue during the year (调整), shown with the catalogue."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="adjustments")
    on_date = models.DateField("调整日期")
    description = models.CharField("调整内容", max_length=500)

    class Meta:
        ordering = ["on_date", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("catalogue", self.catalogue_id)


# --- 决策 ---------------------------------------------------------------------------------------


class Decision(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    item = models.ForeignKey(
        CatalogueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    title = models.CharField("决策事项", max_length=200)
    background = models.TextField("决策背景", blank=True)
    public = models.BooleanField("已在专栏公开", default=False)
    result_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="决策结果文件",
    )
    report_text = models.TextField("意见收集和采纳情况", blank=True)  # as published
    report_published_on = models.DateField("采纳情况公布日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "重大行政决策"
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return _key("decision", self.pk)


class MaterialKind(models.TextChoices):
    DRAFT = "draft", gettext_noop("决策草案")
    EXPLANATION = "explanation", gettext_noop("草案说明")
    BACKGROUND = "background", gettext_noop("决策背景材料")
    SYMPOSIUM = "symposium", gettext_noop("座谈会")
    HEARING = "hearing", gettext_noop("听证会")
    VISIT = "visit", gettext_noop("实地走访")
    POLL = "poll", gettext_noop("民意调查")
    EXPERT = "expert", gettext_noop("专家论证")
    RISK = "risk", gettext_noop("风险评估")
    EVALUATION = "evaluation", gettext_noop("效果评估")


class Material(models.Model):
    """One step of a decision's timeline, gathered by link (a URL or a published document)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("类别", max_length=20, choices=MaterialKind.choices)
    title = models.CharField("标题", max_length=200)
    on_date = models.DateField("日期")
    summary = models.TextField("概要", blank=True)
    url = models.URLField("链接", blank=True)

    class Meta:
        ordering = ["on_date", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("decision", self.decision_id)


# --- 征求意见 -----------------------------------------------------------------------------------


class Consultation(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    title = models.CharField("草案名称", max_length=200)
    explanation = models.TextField("起草说明", blank=True)
    interpretation = models.TextField("预公开解读", blank=True)  # shown beside the draft
    opens_on = models.DateField("征求意见开始日期")
    closes_on = models.DateField("征求意见截止日期")
    short_reason = models.CharField("期限少于30日的理由", max_length=300, blank=True)
    published = models.BooleanField("已公开", default=False)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "征求意见"
        ordering = ["-opens_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return _key("consultation", self.pk)

    @property
    def duration_days(self) -> int:
        return (self.closes_on - self.opens_on).days


class Section(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveIntegerField("条")
    heading = models.CharField("标题", max_length=120, blank=True)
    text = models.TextField("条文")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="participation_section_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"第{self.number}条"

    def audit_key(self) -> tuple[str, str]:
        return _key("consultation", self.consultation_id)


class Theme(models.Model):
    """Staff group comments by theme and answer the theme as a whole."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("意见主题", max_length=200)
    answer = models.CharField("采纳情况", max_length=12, choices=Answer.choices, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("consultation", self.consultation_id)


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="comments"
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    text = models.TextField("意见原文")  # PRIVATE: as typed, staff only
    name = models.CharField("姓名", max_length=60, blank=True)  # PRIVATE
    contact = models.CharField("联系方式", max_length=120, blank=True)  # PRIVATE
    state = models.CharField(max_length=12, choices=PubState.choices, default=PubState.PENDING)
    published_text = models.TextField("发布文本", blank=True)  # masked by moderation
    submitted_at = models.DateTimeField("提交时间")
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    answer = models.CharField("采纳情况", max_length=12, choices=Answer.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("comment", self.pk)


# --- 问卷 (需求征集, 活动反馈) -----------------------------------------------------------------


class Questionnaire(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="surveys"
    )
    activity = models.ForeignKey(
        "OpenActivity", on_delete=models.CASCADE, null=True, blank=True, related_name="surveys"
    )
    title = models.CharField("问卷标题", max_length=200)
    is_open = models.BooleanField("正在收集", default=True)

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return _key("questionnaire", self.pk)


class QuestionKind(models.TextChoices):
    SINGLE = "single", gettext_noop("单选")
    MULTIPLE = "multiple", gettext_noop("多选")
    SCALE = "scale", gettext_noop("量表（1–5）")
    TEXT = "text", gettext_noop("文字")


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=300)
    choices = models.JSONField("选项", default=list, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("questionnaire", self.questionnaire_id)


class Response(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    submitted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("response", self.pk)


class ResponseAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # chosen options (single: one)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)  # PRIVATE until moderated
    state = models.CharField(max_length=12, choices=PubState.choices, blank=True)
    published_text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("response", self.response_id)


# --- 列席 ---------------------------------------------------------------------------------------


class Meeting(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("会议日期")
    call_text = models.TextField("列席代表征集公告", blank=True)
    decisions = models.ManyToManyField(Decision, blank=True, related_name="meetings")
    record = models.TextField("会议公开记录", blank=True)
    held = models.BooleanField("已召开", default=False)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "决策会议"
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return _key("meeting", self.pk)


class RepresentativeKind(models.TextChoices):
    CITIZEN = "citizen", gettext_noop("市民代表")
    ENTERPRISE = "enterprise", gettext_noop("企业代表")
    EXPERT = "expert", gettext_noop("专家学者")
    MEDIA = "media", gettext_noop("媒体代表")


class Representative(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="representatives")
    kind = models.CharField("类别", max_length=12, choices=RepresentativeKind.choices)
    name = models.CharField("姓名", max_length=60)  # PRIVATE
    contact = models.CharField("联系方式", max_length=120, blank=True)  # PRIVATE
    selected = models.BooleanField("已确定列席", default=False)
    attended = models.BooleanField("已出席", default=False)
    opinion = models.TextField("发表意见", blank=True)  # public only masked (published_opinion)
    published_opinion = models.TextField(blank=True)
    adoption = models.CharField("采纳情况", max_length=12, choices=Answer.choices, blank=True)
    adoption_reason = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("meeting", self.meeting_id)


# --- 政府开放活动 -------------------------------------------------------------------------------


class OpenActivity(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("活动名称", max_length=200)
    description = models.TextField("活动介绍", blank=True)
    public = models.BooleanField("已公开", default=False)
    summary = models.TextField("活动总结", blank=True)
    summary_published_on = models.DateField("总结公布日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    # when it last changed: the <updated> of its feed entry until the summary is out (feeds.py)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府开放活动"
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return _key("activity", self.pk)


class ActivitySession(models.Model):
    activity = models.ForeignKey(OpenActivity, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField("开始时间")
    place = models.CharField("地点", max_length=200)
    capacity = models.PositiveIntegerField("名额")

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("activity", self.activity_id)


class RegState(models.TextChoices):
    CONFIRMED = "confirmed", gettext_noop("报名成功")
    WAITING = "waiting", gettext_noop("候补")
    CANCELLED = "cancelled", gettext_noop("已取消")


def _new_code() -> str:
    return secrets.token_urlsafe(12)


class Registration(models.Model):
    session = models.ForeignKey(
        ActivitySession, on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField("姓名", max_length=60)  # PRIVATE
    contact = models.CharField("联系方式", max_length=120)  # PRIVATE
    code = models.CharField(max_length=32, unique=True, default=_new_code)  # the private link
    state = models.CharField(max_length=12, choices=RegState.choices)
    created_at = models.DateTimeField()
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("registration", self.pk)


class TopicProposal(models.Model):
    """A topic the public proposes for next open activities; voted on once published."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    text = models.TextField("建议内容")  # PRIVATE as typed
    state = models.CharField(max_length=12, choices=PubState.choices, default=PubState.PENDING)
    published_text = models.TextField(blank=True)
    votes = models.PositiveIntegerField("票数", default=0)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-votes", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("topic", self.pk)


class TopicVote(models.Model):
    """One visitor's vote on a published topic (services.topic_vote). Kept as keyed digests only:
    ``address_key`` of the client's network address and ``browser_key`` of the random id in the
    visitor's signed cookie, each keyed with the site's secret and the topic, so neither can be
    turned back into an address nor linked across topics. The raw address is never stored."""

    topic = models.ForeignKey(TopicProposal, on_delete=models.CASCADE, related_name="+")
    address_key = models.CharField(max_length=64)
    browser_key = models.CharField(max_length=64, blank=True)
    voted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "address_key"], name="participation_topic_vote_once"
            )
        ]
        indexes = [models.Index(fields=["topic", "browser_key"], name="participation_vote_browser")]

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"


class UnitTarget(models.Model):
    """A unit's own yearly targets where the rule is configurable (rules.py)."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+")
    meetings = models.PositiveIntegerField("列席会议年度目标")
    open_activities = models.PositiveIntegerField("开放活动年度目标")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{type(self).__name__}#{self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return _key("target", self.unit_id)
