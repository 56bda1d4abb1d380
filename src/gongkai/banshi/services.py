"""Writes of 办事服务: items (one by one or from the list's XLSX), 一件事, document links."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.banshi.models import (
    BlankForm,
    DocumentService,
    ListKind,
    OneThing,
    SearchChange,
    ServiceItem,
)
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.documents.attachments import CheckedFile, check_and_strip, extension
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


def search_queue(groups: Iterable[str]) -> None:
    """Hand these guides to the search again (its tick job takes them: search_source.changes)."""
    SearchChange.objects.bulk_create([SearchChange(group=g) for g in dict.fromkeys(groups)])


def _item_groups(code: str) -> list[str]:
    """A service's own search group and those of the 一件事 guides it is a step of."""
    things = [t.pk for t in OneThing.objects.all() if code in t.items]
    return [f"banshi:item:{code}", *(f"banshi:thing:{pk}" for pk in things)]


def _check_version(item: ServiceItem, version: int | None) -> None:
    if version is not None and version != item.version:
        raise ConflictError(
            f"事项“{item.name}”已被他人修改（您看到的是第 {version} 版，现在是第 "
            f"{item.version} 版），您的修改未保存。请刷新后重新修改。"
        )


def _locked_item(item: ServiceItem | str) -> ServiceItem:
    code = item.code if isinstance(item, ServiceItem) else item
    found = ServiceItem.objects.select_for_update().filter(code=code).first()
    if found is None:
        raise ValidationFailed([f"没有事项编码“{code}”（可能已被撤下）"])
    return found


@transaction.atomic
def service_save(
    *,
    actor: User,
    unit: Unit,
    raw: dict[str, Any],
    import_key: str | None = None,
    version: int | None = None,
) -> ServiceItem:
    """Create or update the item with this code. ``version``: the version the editor saw (the
    staff edit page); a later change by someone else refuses the save (ConflictError)."""
    require(actor, Perm.HANDLE, unit)
    values, problems = clean_item(raw)
    if problems:
        raise ValidationFailed(problems)
    item = ServiceItem.objects.select_for_update().filter(code=values["code"]).first()
    if item is not None and item.unit_id != unit.pk:
        raise ValidationFailed([f"事项编码“{values['code']}”已属于{item.unit.name}"])
    before = None
    after: dict[str, Any] = dict(values)
    if item is None:
        item = ServiceItem.objects.create(unit=unit, import_key=import_key, **values)
    else:
        _check_version(item, version)
        before = {k: getattr(item, k) for k in values}
        for k, v in values.items():
            setattr(item, k, v)
        item.version += 1
        item.save()
        # a material that is gone takes its blank form with it
        names = {m["name"] for m in item.materials}
        orphans = list(item.blank_forms.exclude(material__in=names))
        if orphans:
            after["blank_forms_removed"] = [f.material for f in orphans]
            _delete_forms(orphans)
    audit_record(
        actor=actor,
        action="banshi.save",
        obj_type="service_item",
        obj_id=item.code,
        obj_label=item.name,
        unit=unit,
        before=before,
        after=after,
    )
    search_queue(_item_groups(item.code))
    return item


@transaction.atomic
def service_withdraw(*, actor: User, item: ServiceItem, version: int) -> None:
    """撤下 a service: its guide, its 办 links and its search record disappear. A service that is
    a step of a 一件事 stays until the 一件事 no longer names it."""
    item = _locked_item(item)
    require(actor, Perm.HANDLE, item.unit)
    _check_version(item, version)
    used = [t.title for t in OneThing.objects.all() if item.code in t.items]
    if used:
        raise ValidationFailed(
            [f"事项“{item.name}”是“一件事”“{'”“'.join(used)}”的一步：请先从中移除，再撤下"]
        )
    groups = _item_groups(item.code)
    audit_record(
        actor=actor,
        action="banshi.withdraw",
        obj_type="service_item",
        obj_id=item.code,
        obj_label=item.name,
        unit=item.unit,
        before={
            "name": item.name,
            "version": item.version,
            "blank_forms": [f.name for f in item.blank_forms.all()],
        },
    )
    _delete_forms(list(item.blank_forms.all()))
    item.delete()
    search_queue(groups)


def _delete_forms(forms: list[BlankForm]) -> None:
    """Delete the rows now and their files once the transaction has committed."""
    files = [(f.file.storage, f.file.name) for f in forms if f.file]
    BlankForm.objects.filter(pk__in=[f.pk for f in forms]).delete()

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(delete_files)


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
    """A 一件事: ``codes`` are its steps in the order they are done (kept and shown so)."""
    require(actor, Perm.HANDLE, unit)
    codes = [c.strip() for c in codes if c.strip()]
    known = set(ServiceItem.objects.filter(code__in=codes).values_list("code", flat=True))
    problems = [f"没有事项编码“{c}”" for c in codes if c not in known]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    problems += [f"事项编码“{c}”重复：每个事项在一件事中只办一次" for c in twice]
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
    search_queue([f"banshi:thing:{thing.pk}"])
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


# Blank forms: a form is a page or two; the documents' attachment checks (type by content,
# metadata stripped) apply, under a tighter size.
FORM_TYPES = {"docx": "DOCX", "xlsx": "XLSX", "pdf": "PDF"}
MAX_FORM_BYTES = 5 * 1024 * 1024


def check_form(name: str, data: bytes) -> CheckedFile:
    """The checked and stripped file, or ValidationFailed saying what to fix."""
    name = name.strip()
    if not name:
        raise ValidationFailed(["请选择要上传的空白表格文件"])
    if extension(name) not in FORM_TYPES:
        raise ValidationFailed(
            [f"空白表格“{name}”的类型不支持：只接受 {'、'.join(FORM_TYPES.values())} 文件"]
        )
    if not data:
        raise ValidationFailed([f"空白表格“{name}”是空文件：请选择填写前的表格文件"])
    if len(data) > MAX_FORM_BYTES:
        raise ValidationFailed(
            [
                f"空白表格“{name}”超过 {MAX_FORM_BYTES // (1024 * 1024)} MB："
                "空白表格一般只有一两页，请删去多余内容或压缩后再上传"
            ]
        )
    return check_and_strip(name, data)


def _material_names(item: ServiceItem) -> list[str]:
    return [m["name"] for m in item.materials]


@transaction.atomic
def blank_form_set(
    *, actor: User, item: ServiceItem, material: str, name: str, data: bytes, version: int
) -> BlankForm:
    """Upload (or replace) the blank form of one material of ``item``."""
    checked = check_form(name, data)
    item = _locked_item(item)
    user = require(actor, Perm.HANDLE, item.unit)
    _check_version(item, version)
    if material not in _material_names(item):
        raise ValidationFailed([f"事项“{item.name}”没有材料“{material}”：请刷新页面后再选"])
    old = item.blank_forms.filter(material=material).first()
    before = {"material": material, "file": old.name, "sha256": old.sha256} if old else None
    if old is not None:
        _delete_forms([old])
    digest = hashlib.sha256(checked.data).hexdigest()
    form = BlankForm(
        service=item,
        material=material,
        name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=digest,
        uploaded_by=user,
    )
    ext = checked.name.rsplit(".", 1)[-1].lower()
    form.file.save(f"{digest[:16]}.{ext}", ContentFile(checked.data), save=False)
    form.save()
    item.version += 1
    item.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=actor,
        action="banshi.blank_form_set",
        obj_type="service_item",
        obj_id=item.code,
        obj_label=item.name,
        unit=item.unit,
        before=before,
        after={"material": material, "file": form.name, "sha256": digest, "size": form.size},
    )
    return form


@transaction.atomic
def blank_form_remove(*, actor: User, item: ServiceItem, material: str, version: int) -> None:
    item = _locked_item(item)
    require(actor, Perm.HANDLE, item.unit)
    _check_version(item, version)
    form = item.blank_forms.filter(material=material).first()
    if form is None:
        raise ValidationFailed([f"材料“{material}”没有上传的空白表格：请刷新页面"])
    audit_record(
        actor=actor,
        action="banshi.blank_form_remove",
        obj_type="service_item",
        obj_id=item.code,
        obj_label=item.name,
        unit=item.unit,
        before={"material": material, "file": form.name, "sha256": form.sha256},
    )
    _delete_forms([form])
    item.version += 1
    item.save(update_fields=["version", "updated_at"])
