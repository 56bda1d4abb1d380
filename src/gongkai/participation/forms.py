"""Public forms: no account needed; an accessible anti-spam check (a hidden field bots fill in,
and a small sum written in Chinese words, answered in digits); what was typed is kept when a
post is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core import challenge
from gongkai.core.widgets import ChineseNamesSelect


def new_challenge() -> tuple[str, str]:
    """(question in the page's language, signed token): the platform's one anti-spam question."""
    q = challenge.new_question()
    return q.text, q.token


def check_challenge(token: str, answer: str) -> bool:
    return challenge.check(token, answer) == ""


def challenge_question(token: str) -> str:
    return challenge.question_text(token)


class ChallengeForm(forms.Form):
    """Base: the honeypot ``website`` and the sum. A refused form keeps every other field."""

    website = forms.CharField(required=False, label=_("请勿填写此项"))
    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("验证问题"), max_length=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        token = ""
        if self.is_bound:
            token = str(self.data.get("challenge", ""))
        question = challenge_question(token) if token else ""
        if not question:
            question, token = new_challenge()
            if self.is_bound:
                # an expired or forged token: ask a fresh question, keep the rest
                data = self.data.copy()  # type: ignore[attr-defined]
                data["challenge"] = token
                self.data = data
        self.initial["challenge"] = token
        self.fields["answer"].label = question
        self.fields["answer"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors.get("answer"):
            return data
        if not check_challenge(str(data.get("challenge", "")), str(data.get("answer", ""))):
            self.add_error(
                "answer",
                _("验证问题的答案不对，请重新计算后填写阿拉伯数字（您填写的其他内容已保留）"),
            )
        return data

    def renew_challenge(self) -> None:
        """After a wrong answer, ask a new sum (the typed text stays)."""
        question, token = new_challenge()
        data = self.data.copy()  # type: ignore[attr-defined]
        data["challenge"] = token
        data["answer"] = ""
        self.data = data
        self.fields["answer"].label = question


class CommentForm(ChallengeForm):
    section = forms.ChoiceField(label=_("针对"), required=False, widget=ChineseNamesSelect)
    text = forms.CharField(
        label=_("您的意见"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    name = forms.CharField(label=_("姓名（选填，不公开）"), required=False, max_length=60)
    contact = forms.CharField(label=_("联系方式（选填，不公开）"), required=False, max_length=120)

    field_order = ["section", "text", "name", "contact", "answer", "challenge", "website"]

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("对草案整体")), *sections]  # type: ignore[attr-defined]


class RegistrationForm(ChallengeForm):
    session = forms.ChoiceField(label=_("场次"), widget=ChineseNamesSelect)
    name = forms.CharField(label=_("姓名（仅用于签到，不公开）"), max_length=60)
    contact = forms.CharField(
        label=_("联系电话或电子邮箱（仅用于活动通知，不公开）"), max_length=120
    )

    field_order = ["session", "name", "contact", "answer", "challenge", "website"]

    def __init__(self, *args: Any, sessions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions  # type: ignore[attr-defined]


class TopicForm(ChallengeForm):
    text = forms.CharField(
        label=_("建议的开放活动主题"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )

    field_order = ["text", "answer", "challenge", "website"]
