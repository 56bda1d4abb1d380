from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.widgets import ChineseNamesSelect
from gongkai.interaction import captcha
from gongkai.interaction.machine import Satisfaction
from gongkai.org.models import Unit

PUBLIC_CHOICES = (("0", _("否")), ("1", _("是")))


class MessageForm(forms.Form):
    """The seed's 政策咨询 form (咨询部门*, 手机号码*, 姓名*, 邮箱, 标题*, 内容*, 验证码*, 是否公开),
    used by every channel with a public form; the board under a policy has no unit field."""

    unit = forms.ChoiceField(label=_("咨询部门"), widget=ChineseNamesSelect)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("用于查询办理进度和评价，不会公开。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    name = forms.CharField(
        label=_("姓名"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.CharField(
        label=_("邮箱"),
        max_length=120,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(
        label=_("内容"),
        max_length=3000,
        help_text=_("请写明要咨询的政策和具体问题；输入时会提示相关的常见问题和政策文件。"),
        widget=forms.Textarea(attrs={"rows": 6, "data-faq-suggest": True}),
    )
    captcha_answer = forms.CharField(
        label=_("验证码"), max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput)
    wants_public = forms.ChoiceField(
        label=_("是否公开"),
        choices=PUBLIC_CHOICES,
        initial="0",
        widget=forms.RadioSelect,
        help_text=_(
            "选择“是”的，答复后经审核在“留言选登”公开标题、内容和答复，"
            "姓名、电话、邮箱及文中的个人信息均隐去。"
        ),
    )
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit] | None = None,
        unit_label: str = "咨询部门",
        with_unit: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_unit:
            unit_field = self.fields["unit"]
            assert isinstance(unit_field, forms.ChoiceField)
            unit_field.choices = [("", _("请选择"))] + [(u.code, u.name) for u in (units or [])]
            self.fields["unit"].label = _(unit_label)
        else:
            del self.fields["unit"]
        # a fresh question on every render (also after an error: a question is used once)
        q = captcha.new_question()
        self.question = q.text
        self.fields["captcha_token"].initial = q.token
        self.fields["captcha_answer"].help_text = q.text
        if self.is_bound:
            data = self.data.copy()  # type: ignore[attr-defined]
            self._posted_token = data.get("captcha_token", "")
            data["captcha_token"] = q.token
            self.data = data
        else:
            self._posted_token = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answer = cleaned.get("captcha_answer")
        if answer is not None:
            problem = captcha.check(self._posted_token, answer)
            if problem:
                self.add_error("captcha_answer", problem)
        cleaned["wants_public"] = cleaned.get("wants_public") == "1"
        return cleaned


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"), max_length=40, help_text=_("提交留言后获得的查询码，或 12345 工单编号")
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("留言时填写的手机号码"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("对答复的评价"),
        choices=[(v, _(label)) for v, label in Satisfaction.choices],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("评价说明（选填）"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)
    to_unit = forms.ChoiceField(label=_("承办部门"), required=False)
    reply = forms.CharField(
        label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
