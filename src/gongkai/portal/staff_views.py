"""Staff editing of the disclosure guide."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.html import ALLOWED_TAGS
from gongkai.core.views import staff_view
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.selectors import unit_tree
from gongkai.portal.selectors import guide_for
from gongkai.portal.services import guide_update


class GuideForm(forms.Form):
    body = forms.CharField(
        label="指南正文",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="可使用简单 HTML：" + "、".join(sorted(ALLOWED_TAGS)) + "。"
        "公开工作机构的地址、时间与联系方式自动取自机构信息，无需在此填写。",
        error_messages={"required": "指南正文不能为空"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


@staff_view(Perm.EDIT_GUIDE)
def guide_list(request: HttpRequest) -> HttpResponse:
    nodes = unit_tree(units_visible_to(request.user, Perm.EDIT_GUIDE))
    rows = [(n, guide_for(n.unit)) for n in nodes]
    return render(request, "portal/staff/guide_list.html", {"rows": rows})


@staff_view(Perm.EDIT_GUIDE)
def guide_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = units_visible_to(request.user, Perm.EDIT_GUIDE).filter(code=code).first()
    if unit is None:
        raise Http404("没有这个机构，或不在您的管理范围内")
    guide = guide_for(unit)
    initial = {"body": guide.body if guide else "", "version": guide.version if guide else 0}
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            guide_update(
                actor=request.user,
                unit=unit,
                body=form.cleaned_data["body"],
                version=int(request.POST.get("version") or 0),
            )
        except (ConflictError, ValidationFailed) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存“{unit.name}”的政府信息公开指南。")
            return redirect("guide:list")
    return render(
        request, "portal/staff/guide_form.html", {"form": form, "unit": unit, "guide": guide}
    )
