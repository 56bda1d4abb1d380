"""Forms collect input; the services validate and normalise it (one set of rules)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.documents.models import Topic
from gongkai.documents.vocab import (
    ART20_CHOICES,
    DisclosureMode,
    DocKind,
    InterpretationForm,
    InterpretationStage,
    RelationKind,
    Scope,
    Validity,
)

_BLANK = [("", "—")]


def topic_choices() -> list[tuple[str, str]]:
    return _BLANK + [
        (t.code, t.path)
        for t in Topic.objects.filter(parent__isnull=False).select_related("parent")
    ]


class DocumentForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    doc_number = forms.CharField(
        label="发文字号",
        required=False,
        help_text="例如 国办发〔2017〕47号；[] () 等括号会自动改为〔〕",
    )
    issuers = forms.CharField(
        label="发文机关", required=False, help_text="联合发文时用顿号或逗号分隔；留空为本单位"
    )
    doc_kind = forms.ChoiceField(label="公文种类", choices=DocKind.choices)
    is_normative = forms.BooleanField(label="规范性文件", required=False)
    is_major_policy = forms.BooleanField(label="重大政策", required=False)
    written_on = forms.DateField(
        label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_on = forms.DateField(
        label="实施日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label="废止/失效日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="规范性文件有效期届满的次日自动标为失效",
    )
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices, required=False)
    topic = forms.ChoiceField(label="主题分类", choices=(), required=False)
    art20_item = forms.TypedChoiceField(
        label="条例第二十条事项",
        choices=[("", "—"), *ART20_CHOICES],
        required=False,
        coerce=int,
        empty_value=None,
    )
    disclosure_mode = forms.ChoiceField(label="拟公开方式", choices=DisclosureMode.choices)
    disclosure_basis = forms.CharField(label="不公开或依申请公开的依据", required=False)
    scope = forms.ChoiceField(label="公开范围", choices=Scope.choices)
    scope_target = forms.CharField(label="定向公开对象", required=False)
    keywords = forms.CharField(label="关键词", required=False, help_text="以空格分隔")
    tags = forms.CharField(
        label="栏目标签",
        required=False,
        help_text="以逗号分隔，自由填写；“政府信息公开制度”标签的文件列入制度栏目。"
        "政策北斗的政策标签（适用对象、扶持方式等）在文件页的“政策北斗标签”一栏设置",
    )
    summary = forms.CharField(
        label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="可使用简单 HTML：段落、标题、列表、表格、链接",
    )
    source = forms.CharField(label="信息来源", required=False)
    is_interpretation = forms.BooleanField(label="这是政策解读", required=False)
    interpretation_form = forms.ChoiceField(
        label="解读形式", choices=_BLANK + list(InterpretationForm.choices), required=False
    )
    interpretation_stage = forms.ChoiceField(
        label="解读阶段", choices=_BLANK + list(InterpretationStage.choices), required=False
    )
    revision_note = forms.CharField(
        label="修订说明", required=False, help_text="修订已发布的文件时必填"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = topic_choices()

    def values(self) -> tuple[dict[str, Any], str, str]:
        data = dict(self.cleaned_data)
        issuers = data.pop("issuers", "")
        tags = data.pop("tags", "")
        data.pop("version", None)
        return data, issuers, tags


class ApproveForm(forms.Form):
    disclosure_mode = forms.ChoiceField(
        label="公开属性认定",
        choices=[c for c in DisclosureMode.choices if c[0] != DisclosureMode.UNDETERMINED],
    )
    disclosure_basis = forms.CharField(label="依据（依申请公开或不予公开时必填）", required=False)
    confidentiality_checked = forms.BooleanField(
        label="已完成保密审查，确认不含国家秘密、商业秘密和个人隐私", required=False
    )
    note = forms.CharField(
        label="审查意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # shown only when the document has suspected personal data (privacy_review.findings)
    personal_data_confirmed = forms.BooleanField(
        label="已核实为可公开的信息（如单位办公电话）", required=False
    )
    personal_data_reason = forms.CharField(
        label="可以公开的理由",
        required=False,
        max_length=500,
        help_text="例如：为本单位对外公布的办公电话",
    )

    def __init__(self, *args: Any, personal_data: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not personal_data:
            del self.fields["personal_data_confirmed"]
            del self.fields["personal_data_reason"]


class NormativeRecordForm(forms.Form):
    """合法性审核 and 集体审议 of a 行政规范性文件 (workflow.NORMATIVE_RECORD)."""

    legality_reviewer = forms.CharField(
        label="合法性审核机构或人员", max_length=120, required=False, help_text="例如 区司法局"
    )
    legality_reviewed_on = forms.DateField(
        label="合法性审核日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    legality_opinion = forms.CharField(
        label="合法性审核意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如 经审核，该文件制定主体合法、内容合法、程序合法",
    )
    collective_meeting = forms.CharField(
        label="集体审议会议",
        max_length=120,
        required=False,
        help_text="例如 区政府第12次常务会议",
    )
    collective_decided_on = forms.DateField(
        label="集体审议日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF、DOCX、XLSX、JPG、PNG）")
    description = forms.CharField(
        label="图片文字说明（上传图片时必填）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="用一两句话写明图中的内容（如图表的数字、流程的步骤），供看不到图片的读者使用。",
    )


class RelationForm(forms.Form):
    """Link a document to another by choosing it (titles, newest first), not by typing an id."""

    kind = forms.ChoiceField(label="关系", choices=RelationKind.choices)
    target = forms.TypedChoiceField(label="相关文件", coerce=int, choices=())

    def __init__(self, *args: Any, targets: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—请选择—")] + [
            (d.pk, f"{d.title}（{d.get_state_display()}）") for d in targets
        ]


class ServiceLinkForm(forms.Form):
    title = forms.CharField(label="办事事项", max_length=200)
    url = forms.URLField(label="办事链接", assume_scheme="https")
