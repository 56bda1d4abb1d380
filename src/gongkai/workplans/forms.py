"""Forms of the ledger pages; services do the checking that matters, these parse input."""

from __future__ import annotations

from django import forms

from gongkai.workplans.models import Status
from gongkai.workplans.services import NOTICE_DEFAULT_WORKDAYS, NOTICE_MAX_WORKDAYS, EvidenceIn


class ImportForm(forms.Form):
    file = forms.FileField(label="任务分解表（.xlsx、.docx 或 .csv）")
    unit = forms.ChoiceField(label="制定单位")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="台账名称（可不填）", required=False, max_length=200)
    dry_run = forms.BooleanField(label="只检查，不导入", required=False, initial=True)


class ProgressForm(forms.Form):
    unit = forms.ChoiceField(label="报送单位")
    status = forms.ChoiceField(label="状态", choices=Status.choices)
    text = forms.CharField(
        label="进展情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    problems = forms.CharField(
        label="存在问题", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    next_steps = forms.CharField(
        label="下一步举措",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
    evidence = forms.CharField(
        label="佐证材料（每行一项：标题 | 链接）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="可从下方“平台上的相关信息”中选择，或写本平台页面地址（以 / 开头）。",
    )
    internal_note = forms.CharField(
        label="内部备注（不公开）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def evidence_items(self) -> list[EvidenceIn]:
        items = []
        for line in self.cleaned_data.get("evidence", "").splitlines():
            if not line.strip():
                continue
            title, sep, url = line.rpartition("|")
            if not sep:
                title, url = line, ""
            items.append(EvidenceIn(title=title.strip() or url.strip(), url=url.strip()))
        return items


class NoticeForm(forms.Form):
    unit = forms.ChoiceField(label="督办对象")
    text = forms.CharField(
        label="督办事项", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    reply_workdays = forms.IntegerField(
        label="回复期限（工作日）",
        min_value=1,
        max_value=NOTICE_MAX_WORKDAYS,
        initial=NOTICE_DEFAULT_WORKDAYS,
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(label="回复", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanSettingsForm(forms.Form):
    title = forms.CharField(label="台账名称", max_length=200)
    is_public = forms.BooleanField(label="在门户网站公开本台账", required=False)
    document = forms.ChoiceField(label="对应的工作要点文件（已发布）", required=False)
    published_on = forms.DateField(
        label="工作要点公开日期（未关联文件时填写）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MappingForm(forms.Form):
    name = forms.CharField(label="名称（原文）", max_length=200)
    units = forms.MultipleChoiceField(label="对应单位", required=False)
    not_a_unit = forms.BooleanField(label="不是单位（如“各相关单位”）", required=False)
