"""The work-plan ledger (工作台账): a unit's yearly plan of tasks, who does them, by when, how far
they got, and the supervisor's 督办 notices (seeds 002-004; docs/decisions/0010-work-plans.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class WorkPlan(models.Model):
    """One unit's plan for one year, e.g. 2023年政务公开工作要点任务分解表."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name="制定单位", on_delete=models.PROTECT, related_name="work_plans"
    )
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    # The published 工作要点 / 工作方案 the plan breaks down.
    document = models.ForeignKey(
        "documents.Document",
        verbose_name="工作要点文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the plan itself was made public (seed 001: subordinate plans within 30 working days).
    published_on = models.DateField("公开日期", null=True, blank=True)
    is_public = models.BooleanField("公开台账", default=False)
    source_name = models.CharField("导入文件", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作台账"
        verbose_name_plural = "工作台账"
        ordering = ["-year", "unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="workplans_one_plan_per_unit_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def audit_key(self) -> tuple[str, str]:
        return ("workplan", str(self.pk))


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    DELAYED = "delayed", "延期"


class Task(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField("顺序")
    number = models.PositiveIntegerField("序号")
    number_written = models.CharField("序号（原文）", max_length=20, blank=True)
    category = models.CharField("类别", max_length=500, blank=True)  # "一、… / （一）…"
    task = models.TextField("任务")
    requirement = models.TextField("具体要求", blank=True)
    lead_text = models.CharField("牵头单位（原文）", max_length=500, blank=True)
    resp_text = models.CharField("责任单位（原文）", max_length=1000, blank=True)
    coop_text = models.CharField("配合单位（原文）", max_length=500, blank=True)
    person = models.CharField("责任人", max_length=120, blank=True)  # internal, never public
    measures = models.TextField("完成措施", blank=True)
    due_written = models.CharField("完成时限（原文）", max_length=100, blank=True)
    due_kind = models.CharField("时限类型", max_length=20, blank=True)  # workdays.phrases kind
    due_date = models.DateField("完成时限", null=True, blank=True)
    source_line = models.PositiveIntegerField("导入行号", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    status_at = models.DateTimeField("状态更新时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="workplans_task_position")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.task[:40]}"

    def audit_key(self) -> tuple[str, str]:
        return ("workplan_task", str(self.pk))


class Role(models.TextChoices):
    LEAD = "lead", "牵头"
    RESP = "resp", "责任"
    COOP = "coop", "配合"


class TaskUnit(models.Model):
    """One unit name as written in a task, and the unit it resolves to (None: not matched yet,
    or mapped to "not a unit")."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    role = models.CharField("角色", max_length=4, choices=Role.choices)
    name = models.CharField("名称（原文）", max_length=200)
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["task", "role", "position"]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.name}"


class NameMapping(models.Model):
    """A name as units write it (区政府办公室, 各处室) mapped once by a person to units of the tree,
    or to none ("not a unit"); remembered for the body's later imports."""

    owner = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("名称（原文）", max_length=200)
    units = models.ManyToManyField("org.Unit", blank=True, related_name="+")
    not_a_unit = models.BooleanField("不是单位", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="workplans_mapping_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def audit_key(self) -> tuple[str, str]:
        return ("workplan_mapping", f"{self.owner_id}:{self.name}")


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    text = models.TextField("进展情况")
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下一步举措", blank=True)
    internal_note = models.TextField("内部备注", blank=True)  # never public
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.get_status_display()}"

    def audit_key(self) -> tuple[str, str]:
        return ("workplan_task", str(self.task_id))


class Evidence(models.Model):
    """A link proving progress: a published document, interpretation, decision, consultation or
    event on the platform (found by search), or an outside address."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField("标题", max_length=300)
    url = models.CharField("链接", max_length=500)
    source = models.CharField("类型", max_length=40, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class NoticeState(models.TextChoices):
    OPEN = "open", "待回复"
    REPLIED = "replied", "已回复"


class Notice(models.Model):
    """督办: the supervisor presses a unit on a task and asks for a reply by a date."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="督办对象", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("督办事项")
    reply_due = models.DateField("回复期限")
    reply_workdays = models.PositiveSmallIntegerField("回复期限（工作日）", default=5)
    sent_on = models.DateField("督办日期", null=True, blank=True)  # the count starts after it
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        "状态", max_length=8, choices=NoticeState.choices, default=NoticeState.OPEN, db_index=True
    )
    reply = models.TextField("回复", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"督办 {self.pk}"

    def audit_key(self) -> tuple[str, str]:
        return ("workplan_notice", str(self.pk))
