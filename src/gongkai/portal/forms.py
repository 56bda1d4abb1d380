from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.workdays.counting import Pause
from gongkai.workdays.deadlines import EARLIEST, LATEST


class DeadlineForm(forms.Form):
    received = forms.DateField(
        label=_("收到申请日期"),
        help_text=_("可用日期选择器选择；手工输入请写成 YYYY-MM-DD，例如 2024-09-27"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("请填写收到申请日期"),
            "invalid": _("日期格式不对，请写成 YYYY-MM-DD"),
        },
    )
    pause_start = forms.DateField(
        label=_("暂停开始日期（可选）"),
        required=False,
        help_text=_("如征求第三方或其他机关意见：自该日起停止计时"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式不对，请写成 YYYY-MM-DD")},
    )
    pause_end = forms.DateField(
        label=_("暂停结束日期（可选）"),
        required=False,
        help_text=_("该日之后的次日恢复计时"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式不对，请写成 YYYY-MM-DD")},
    )

    def clean_received(self) -> datetime.date:
        value = self.cleaned_data["received"]
        if not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("日期超出可计算范围（1990-01-01 至 2100-12-31），请检查年份")
            )
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("pause_start"), data.get("pause_end")
        received = data.get("received")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("暂停区间需要同时填写开始日期和结束日期"))
        if start and end:
            assert isinstance(start, datetime.date)
            assert isinstance(end, datetime.date)
            if end < start:
                raise forms.ValidationError(_("暂停结束日期不能早于开始日期"))
            if isinstance(received, datetime.date) and start < received:
                raise forms.ValidationError(_("暂停开始日期不能早于收到申请日期"))
        return data

    def pauses(self) -> list[Pause]:
        start, end = self.cleaned_data.get("pause_start"), self.cleaned_data.get("pause_end")
        return [Pause(start, end, "暂停")] if start and end else []
