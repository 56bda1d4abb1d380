"""Writes of 办事服务: items (one by one or from the list's XLSX), 一件事, document links."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.banshi.models import DocumentService, ListKind, OneThing, ServiceItem
from gongkai.core.errors import ValidationFailed
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User
from gongkai.org.tabular import read_table

# XLSX/CSV header → field (the columns a 权责清单 or 公共服务事项 list usually has)
HEADERS = {
    "事项编码": "code",
    "事项名称": "name",
    "清单类型": "list_kind",
    "事项类型": "kind",
    "设定依据": "basis",
    "受理条件": "conditions",
    "申请材料": "materials",
    "办理流程": "process",
    "办理时限": "time_limit",
    "收费标准": "fee",
    "办理渠道": "channel",
    "在线办理地址": "online_url",
    "咨询电话": "contact",
}
REQUIRED = (
    "code",
    "name",
    "list_kind",
    "kind",
    "basis",
    "conditions",
    "process",
    "time_limit",
    "channel",
    "contact",
)
LABELS = {v: k for k, v in HEADERS.items()}


def parse_materials(text: str) -> list[dict[str, str]]:
    """申请材料, one per line: "名称（说明）|表格地址" (the form's address optional)."""
    out = []
    for line in str(text).splitlines():
        line = line.strip().lstrip("0123456789.、）) ")
        if not line:
            continue
        name, _, url = line.partition("|")
        m = re.match(r"(.+?)（(.+)）$", name.strip())
        out.append(
            {
                "name": (m.group(1) if m else name).strip(),
                "note": m.group(2) if m else "",
                "form_url": url.strip(),
            }
        )
    return out


def clean_item(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    values = {k: str(raw.get(k, "") or "").strip() for k in HEADERS.values()}
    problems = [f"“{LABELS[k]}”不能为空" for k in REQUIRED if not values[k]]
    if values["list_kind"] and values["list_kind"] not in ListKind.values:
        problems.append(f"“清单类型”应为{'或'.join(ListKind.values)}，现为“{values['list_kind']}”")
    url = values["online_url"]
    if url and not url.startswith(("https://", "http://")):
        problems.append("“在线办理地址”应以 https:// 或 http:// 开头")
    materials = parse_materials(values.pop("materials"))
    for m in materials:
        if m["form_url"] and not m["form_url"].startswith(("https://", "http://", "/")):
            problems.append(f"材料“{m['name']}”的表格地址应为网址")
    if not materials:
        problems.append("“申请材料”至少写一项")
    values["fee"] = values["fee"] or "不收费"
    return {**values, "materials": materials}, problems


@transaction.atomic
def service_save(
    *, actor: User, unit: Unit, raw: dict[str, Any], import_key: str | None = None
) -> ServiceItem:
    require(actor, Perm.HANDLE, unit)
    values, problems = clean_item(raw)
    if problems:
        raise ValidationFailed(problems)
    item = ServiceItem.objects.select_for_update().filter(code=values["code"]).first()
    if item is not None and item.unit_id != unit.pk:
        raise ValidationFailed([f"事项编码“{values['code']}”已属于{item.unit.name}"])
    before = None
    if item is None:
        item = ServiceItem.objects.create(unit=unit, import_key=import_key, **values)
    else:
        before = {k: getattr(item, k) for k in values}
        for k, v in values.items():
            setattr(item, k, v)
        item.version += 1
        item.save()
    audit_record(
        actor=actor,
        action="banshi.save",
        obj_type="service_item",
        obj_id=item.code,
        obj_label=item.name,
        unit=unit,
        before=before,
        after=values,
    )
    return item


def services_import(
    *, actor: User, unit: Unit, name: str, content: bytes, dry_run: bool = False
) -> int:
    """A 权责清单 or 公共服务事项 list: the whole file or nothing, errors by line."""
    table = read_table(name, content=content)
    unknown = [h for h in table.headers if h and h not in HEADERS]
    problems = [f"表头“{h}”无法识别（可用：{'、'.join(HEADERS)}）" for h in unknown]
    rows = []
    for line, values in table.rows:
        raw = {HEADERS[h]: v for h, v in values.items() if h in HEADERS}
        _clean, row_problems = clean_item(raw)
        problems += [f"第{line}行：{p}" for p in row_problems]
        rows.append(raw)
    if not rows and not problems:
        problems.append("文件中没有事项：表头下应逐行填写")
    if problems:
        raise ValidationFailed(problems)
    if dry_run:
        return len(rows)
    with transaction.atomic():
        for raw in rows:
            service_save(actor=actor, unit=unit, raw=raw)
    return len(rows)


@transaction.atomic
def one_thing_save(
    *, actor: User, unit: Unit, title: str, summary: str, codes: list[str]
) -> OneThing:
    require(actor, Perm.HANDLE, unit)
    known = set(ServiceItem.objects.filter(code__in=codes).values_list("code", flat=True))
    problems = [f"没有事项编码“{c}”" for c in codes if c not in known]
    if len(codes) < 2:
        problems.append("“一件事”应串联至少两个事项")
    if not title.strip():
        problems.append("请填写一件事名称")
    if problems:
        raise ValidationFailed(problems)
    thing = OneThing.objects.create(
        title=title.strip(), summary=summary.strip(), unit=unit, items=codes
    )
    audit_record(
        actor=actor,
        action="banshi.one_thing",
        obj_type="one_thing",
        obj_id=thing.pk,
        obj_label=thing.title,
        unit=unit,
        after={"items": codes},
    )
    return thing


@transaction.atomic
def document_services_set(*, actor: User, document: Any, codes: list[str]) -> list[ServiceItem]:
    """The services a document names (阅办联动): its page, lists and search results show 办."""
    require(actor, Perm.HANDLE, document.unit)
    items = list(ServiceItem.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {i.code for i in items})
    if missing:
        raise ValidationFailed([f"没有事项编码“{c}”" for c in missing])
    DocumentService.objects.filter(document=document).delete()
    for i in items:
        DocumentService.objects.create(document=document, service=i)
    audit_record(
        actor=actor,
        action="banshi.document_services",
        obj_type="document",
        obj_id=document.pk,
        obj_label=document.title,
        unit=document.unit,
        after={"services": sorted(codes)},
    )
    return items
