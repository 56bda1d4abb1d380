"""The workbench pages of the standard catalogue: draft, import, items and links, publication,
and the check of every item's 公开时限 against what was published."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.catalogue.checks import check_catalogue
from gongkai.catalogue.layout import AUDIENCES, DEFAULT_TIERS, MODES
from gongkai.catalogue.links import link_kinds
from gongkai.catalogue.models import Catalogue, CatalogueItem
from gongkai.catalogue.selectors import catalogue_units_for, draft_of, public_catalogue
from gongkai.catalogue.services import (
    catalogue_draft,
    catalogue_import,
    catalogue_item_save,
    catalogue_publish,
)
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.core.views import staff_view
from gongkai.org.access import Perm, can
from gongkai.org.models import Unit, User

MAX_UPLOAD = 10 * 1024 * 1024


def _unit(user: User, code: str) -> Unit:
    unit = catalogue_units_for(user).filter(code=code).first()
    if unit is None:
        raise Http404("没有这个机构，或不在您的管理范围内")
    return unit


@staff_view(Perm.HANDLE)
def unit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    rows = [(u, public_catalogue(u.code), draft_of(u)) for u in catalogue_units_for(user)]
    return render(request, "catalogue/staff/list.html", {"rows": rows})


class ImportForm(forms.Form):
    file = forms.FileField(
        label="标准目录文件（.xlsx 或 .csv，国家标准目录格式）",
        error_messages={"required": "请选择要导入的文件"},
    )


@staff_view(Perm.HANDLE)
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    unit = _unit(user, code)
    current = public_catalogue(unit.code)
    draft = draft_of(unit)
    form = ImportForm()
    preview = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("preview", "import"):
                form = ImportForm(request.POST, request.FILES)
                if form.is_valid():
                    upload = form.cleaned_data["file"]
                    if upload.size > MAX_UPLOAD:
                        raise ValidationFailed(["文件超过 10 MB，请检查后再导入"])
                    parsed = catalogue_import(
                        actor=user,
                        unit=unit,
                        name=upload.name,
                        content=upload.read(),
                        dry_run=action == "preview",
                    )
                    if action == "preview":
                        preview = parsed
                    else:
                        messages.success(request, f"已导入 {len(parsed.items)} 个事项到草稿。")
                        return redirect("catalogue_staff:unit", unit.code)
            elif action == "draft":
                catalogue_draft(actor=user, unit=unit)
                return redirect("catalogue_staff:unit", unit.code)
            elif action == "publish":
                done = catalogue_publish(
                    actor=user,
                    unit=unit,
                    version=int(request.POST.get("version") or -1),
                    note=request.POST.get("note", ""),
                )
                messages.success(request, f"已发布标准目录第{done.number}版。")
                return redirect("catalogue_staff:unit", unit.code)
        except (ValidationFailed, ConflictError, DomainError) as exc:
            problems = getattr(exc, "problems", None) or [exc.message]
            for p in problems:
                form.add_error(None, p) if action in ("preview", "import") else messages.error(
                    request, p
                )
    checks = check_catalogue(current, timezone.localdate()) if current else []
    return render(
        request,
        "catalogue/staff/unit.html",
        {
            "unit": unit,
            "current": current,
            "draft": draft,
            "draft_items": list(draft.items.prefetch_related("links")) if draft else [],
            "form": form,
            "preview": preview,
            "checks": checks,
            "flagged": sum(1 for c in checks if c.flagged),
            "may_publish": can(user, Perm.REVIEW, unit),
        },
    )


def _choices(values: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class ItemForm(forms.Form):
    level1 = forms.CharField(label="一级事项", max_length=120)
    level2 = forms.CharField(label="二级事项", max_length=200, required=False)
    content = forms.CharField(label="公开内容（要素）", widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(
        label="公开依据", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit = forms.CharField(
        label="公开时限",
        max_length=200,
        help_text="如“信息形成或变更之日起20个工作日内”“每年3月31日前”“实时”",
    )
    subject = forms.CharField(label="公开主体", max_length=200)
    channels = forms.CharField(
        label="公开渠道和载体", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    audiences = forms.MultipleChoiceField(
        label="公开对象", choices=_choices(AUDIENCES), widget=forms.CheckboxSelectMultiple
    )
    modes = forms.MultipleChoiceField(
        label="公开方式", choices=_choices(MODES), widget=forms.CheckboxSelectMultiple
    )
    tiers = forms.MultipleChoiceField(
        label="公开层级", required=False, widget=forms.CheckboxSelectMultiple
    )
    links = forms.MultipleChoiceField(
        label="关联的具体信息（超链接归集）",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="公开页面将实时列出这些主题、事项或栏目下已公开的信息",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, tiers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tier_field = self.fields["tiers"]
        link_field = self.fields["links"]
        assert isinstance(tier_field, forms.MultipleChoiceField)
        assert isinstance(link_field, forms.MultipleChoiceField)
        tier_field.choices = _choices(tiers or list(DEFAULT_TIERS))
        link_field.choices = [
            (k.label, [(f"{k.name}={v}", label) for v, label in k.choices()]) for k in link_kinds()
        ]
        for name in ("level1", "content", "time_limit", "subject", "audiences", "modes"):
            self.fields[name].error_messages["required"] = f"“{self.fields[name].label}”不能为空"


@staff_view(Perm.HANDLE)
def item_edit(request: HttpRequest, code: str, seq: int = 0) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    unit = _unit(user, code)
    draft: Catalogue | None = draft_of(unit)
    item: CatalogueItem | None = None
    if seq:
        if draft is None:
            draft = catalogue_draft(actor=user, unit=unit)
        item = draft.items.filter(seq=seq).first()
        if item is None:
            raise Http404("草稿中没有这个事项")
    tiers = list(draft.tier_labels) if draft else []
    initial: dict[str, Any] = {
        "version": (item.version if item else (draft.version if draft else 0))
    }
    if item is not None:
        initial |= {f: getattr(item, f) for f in ItemForm.base_fields if hasattr(item, f)}
        initial["links"] = [f"{lk.kind}={lk.value}" for lk in item.links.all()]
    form = ItemForm(request.POST or None, initial=initial, tiers=tiers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        links = [tuple(v.split("=", 1)) for v in data.pop("links")]
        try:
            version = int(request.POST.get("version") or 0)
            if item is None:
                version = catalogue_draft(actor=user, unit=unit).version
            saved = catalogue_item_save(
                actor=user,
                unit=unit,
                values=data,
                links=[(k, v) for k, v in links],
                version=version,
                seq=item.seq if item else None,
            )
        except (ValidationFailed, ConflictError) as exc:
            for p in getattr(exc, "problems", None) or [exc.message]:
                form.add_error(None, p)
        else:
            messages.success(request, f"已保存事项 {saved.seq}。")
            return redirect("catalogue_staff:unit", unit.code)
    return render(
        request, "catalogue/staff/item_form.html", {"unit": unit, "item": item, "form": form}
    )
