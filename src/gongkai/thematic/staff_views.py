"""Workbench pages of the thematic columns: which columns the unit runs, entries typed by
their column (edit, publish, withdraw), a major project's stages, XLSX import."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.core.views import staff_view
from gongkai.org.access import Perm, can, units_visible_to
from gongkai.org.models import Unit, User
from gongkai.thematic.columns import CHOICE, COLUMNS, DATE, LONG, NUMBER, ColumnSpec, column
from gongkai.thematic.importer import import_entries
from gongkai.thematic.models import Entry
from gongkai.thematic.selectors import enabled_columns, entries_for_staff, missing_stages
from gongkai.thematic.services import (
    columns_enable,
    entry_publish,
    entry_save,
    entry_withdraw,
    stage_add,
)

MAX_UPLOAD = 10 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _units(user: User) -> list[Unit]:
    return list(units_visible_to(user, Perm.HANDLE).order_by("code"))


@staff_view(Perm.HANDLE)
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = _units(user)
    code = request.POST.get("unit") or request.GET.get("unit") or (units[0].code if units else "")
    unit = next((u for u in units if u.code == code), None)
    if request.method == "POST" and unit is not None:
        try:
            columns_enable(actor=user, unit=unit, columns=request.POST.getlist("columns"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已保存“{unit.name}”的重点领域栏目。")
        return redirect(f"{request.path}?unit={unit.code}")
    enabled = {c.slug for c in enabled_columns(unit)} if unit else set()
    return render(
        request,
        "thematic/staff/home.html",
        {"units": units, "unit": unit, "columns": COLUMNS, "enabled": enabled},
    )


def _col(slug: str) -> ColumnSpec:
    col = column(slug)
    if col is None:
        raise Http404("没有这个栏目")
    return col


class ImportForm(forms.Form):
    unit = forms.ChoiceField(label="机构")
    file = forms.FileField(label="XLSX 或 CSV 文件（表头为本栏目的字段名）")


@staff_view(Perm.HANDLE)
def column_page(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    col = _col(slug)
    units = _units(user)
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["unit"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        unit = next(u for u in units if u.code == form.cleaned_data["unit"])
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise ValidationFailed(["文件超过 10 MB，请分批导入"])
            result = import_entries(
                actor=user, unit=unit, column=slug, name=upload.name, content=upload.read()
            )
        except ValidationFailed as exc:
            for p in exc.problems:
                form.add_error(None, p)
        else:
            messages.success(
                request, f"已导入 {result.created} 条，跳过已有的 {result.skipped} 条（均为草稿）。"
            )
            return redirect("thematic_staff:column", slug)
    return render(
        request,
        "thematic/staff/column.html",
        {"col": col, "entries": entries_for_staff(user, slug)[:200], "form": form},
    )


def entry_form_class(col: ColumnSpec) -> type[forms.Form]:
    fields: dict[str, forms.Field] = {}
    for f in col.fields:
        label = f.label
        if f.kind == LONG:
            field: forms.Field = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        elif f.kind == CHOICE:
            field = forms.ChoiceField(
                label=label, required=False, choices=[("", "请选择"), *[(c, c) for c in f.choices]]
            )
        elif f.kind == DATE:
            field = forms.CharField(
                label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        elif f.kind == NUMBER:
            field = forms.CharField(
                label=label, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
            )
        else:
            field = forms.CharField(label=label, required=False, max_length=500)
        field.help_text = f.help + ("（发布时必填）" if f.required else "")
        fields[f.key] = field
    fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
    return type(f"{col.slug}Form", (forms.Form,), fields)


@staff_view(Perm.HANDLE)
def entry_edit(request: HttpRequest, slug: str, pk: int = 0) -> HttpResponse:
    user = _user(request)
    col = _col(slug)
    units = _units(user)
    entry: Entry | None = None
    if pk:
        entry = entries_for_staff(user, slug).filter(pk=pk).first()
        if entry is None:
            raise Http404("没有这条信息，或不在您的管理范围内")
    form_class = entry_form_class(col)
    initial: dict[str, Any] = dict(entry.values) if entry else {}
    initial["version"] = entry.version if entry else 0
    form = form_class(request.POST or None, initial=initial)
    unit_code = request.POST.get("unit") or (
        entry.unit.code if entry else (units[0].code if units else "")
    )
    action = request.POST.get("action", "save")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = int(data.pop("version") or 0)
        try:
            if action == "publish" and entry is not None:
                entry_publish(actor=user, entry_id=entry.pk, version=version)
                messages.success(request, "已发布。")
            elif action == "withdraw" and entry is not None:
                entry_withdraw(
                    actor=user,
                    entry_id=entry.pk,
                    version=version,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, "已撤回。")
            elif action == "stage" and entry is not None:
                raw_date = request.POST.get("stage_date", "")
                stage_add(
                    actor=user,
                    entry_id=entry.pk,
                    version=version,
                    stage=request.POST.get("stage", ""),
                    title=request.POST.get("stage_title", ""),
                    url=request.POST.get("stage_url", ""),
                    dated=datetime.date.fromisoformat(raw_date) if raw_date else None,
                )
                messages.success(request, "已添加阶段信息。")
            else:
                unit = next((u for u in units if u.code == unit_code), None)
                if unit is None:
                    raise ValidationFailed(["请选择机构"])
                entry = entry_save(
                    actor=user,
                    unit=entry.unit if entry else unit,
                    column=slug,
                    raw=data,
                    version=version,
                    entry_id=entry.pk if entry else None,
                )
                messages.success(request, "已保存。")
                return redirect("thematic_staff:entry", slug, entry.pk)
            return redirect("thematic_staff:entry", slug, entry.pk)
        except (ValidationFailed, ConflictError, DomainError, ValueError) as exc:
            problems = getattr(exc, "problems", None) or [
                getattr(exc, "message", "日期格式应为 2026-06-30")
            ]
            for p in problems:
                form.add_error(None, p)
    return render(
        request,
        "thematic/staff/entry.html",
        {
            "col": col,
            "entry": entry,
            "form": form,
            "units": units,
            "unit_code": unit_code,
            "may_publish": entry is not None and can(user, Perm.REVIEW, entry.unit),
            "missing": missing_stages(entry) if entry else [],
        },
    )
