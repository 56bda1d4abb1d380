"""Writes of the standard catalogue: the draft, its items and links, import and publication."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue.layout import LABELS, REQUIRED, ParsedCatalogue, ParsedItem, parse_catalogue
from gongkai.catalogue.links import link_kind
from gongkai.catalogue.models import Catalogue, CatalogueItem, CatalogueState, ItemLink
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User

ITEM_FIELDS = ("level1", "level2", "content", "basis", "time_limit", "subject", "channels")
CHOICE_FIELDS = ("audiences", "modes", "tiers")


def item_values(item: CatalogueItem | ParsedItem) -> dict[str, Any]:
    """An item's own fields (all but 序号), as ``catalogue_item_save`` takes them."""
    return {f: getattr(item, f) for f in (*ITEM_FIELDS, *CHOICE_FIELDS)}


def current_catalogue(unit: Unit) -> Catalogue | None:
    return (
        Catalogue.objects.filter(unit=unit, state=CatalogueState.PUBLISHED)
        .order_by("-number")
        .first()
    )


def _draft(unit: Unit) -> Catalogue | None:
    return (
        Catalogue.objects.select_for_update().filter(unit=unit, state=CatalogueState.DRAFT).first()
    )


@transaction.atomic
def catalogue_draft(*, actor: User, unit: Unit) -> Catalogue:
    """The unit's draft, made from the current published version when there is none."""
    require(actor, Perm.HANDLE, unit)
    draft = _draft(unit)
    if draft is not None:
        return draft
    current = current_catalogue(unit)
    last = Catalogue.objects.filter(unit=unit).order_by("-number").first()
    draft = Catalogue.objects.create(
        unit=unit,
        number=(last.number + 1) if last else 1,
        tier_labels=current.tier_labels if current else [],
        created_at=timezone.now(),
    )
    if current is not None:
        for item in current.items.prefetch_related("links"):
            copy = CatalogueItem.objects.create(
                catalogue=draft,
                seq=item.seq,
                **item_values(item),
            )
            ItemLink.objects.bulk_create(
                [ItemLink(item=copy, kind=lk.kind, value=lk.value) for lk in item.links.all()]
            )
    audit_record(
        actor=actor,
        action="catalogue.draft",
        obj_type="catalogue",
        obj_id=f"{unit.code}#{draft.number}",
        obj_label=str(draft),
        unit=unit,
        after={"number": draft.number, "from": current.number if current else None},
    )
    return draft


def _check_version(catalogue: Catalogue, version: int) -> None:
    if catalogue.version != version:
        raise ConflictError("标准目录草稿已被他人修改：请刷新页面查看最新内容后再修改。")


@transaction.atomic
def catalogue_import(
    *, actor: User, unit: Unit, name: str, content: bytes, dry_run: bool = False
) -> ParsedCatalogue:
    """Replace the draft's items with the file's (national layout). The whole file or nothing:
    a file with any problem raises ``ValidationFailed`` naming each row and column. Links of
    items whose 序号 and 事项 are unchanged are kept."""
    require(actor, Perm.HANDLE, unit)
    parsed = parse_catalogue(name, content)
    if dry_run:
        return parsed
    draft = catalogue_draft(actor=actor, unit=unit)
    draft = Catalogue.objects.select_for_update().get(pk=draft.pk)
    old = {
        (i.seq, i.level1, i.level2): [(lk.kind, lk.value) for lk in i.links.all()]
        for i in draft.items.prefetch_related("links")
    }
    draft.items.all().delete()
    for p in parsed.items:
        item = CatalogueItem.objects.create(catalogue=draft, **_values(p))
        ItemLink.objects.bulk_create(
            [
                ItemLink(item=item, kind=k, value=v)
                for k, v in old.get((p.seq, p.level1, p.level2), [])
            ]
        )
    draft.tier_labels = parsed.tier_labels
    draft.version += 1
    draft.save()
    audit_record(
        actor=actor,
        action="catalogue.import",
        obj_type="catalogue",
        obj_id=f"{unit.code}#{draft.number}",
        obj_label=name[:200],
        unit=unit,
        after={"items": len(parsed.items), "tiers": parsed.tier_labels},
    )
    return parsed


def _values(p: ParsedItem) -> dict[str, Any]:
    return {"seq": p.seq, **item_values(p)}


@transaction.atomic
def catalogue_item_save(
    *,
    actor: User,
    unit: Unit,
    values: dict[str, Any],
    links: list[tuple[str, str]],
    version: int,
    seq: int | None = None,
) -> CatalogueItem:
    """Add (``seq`` None) or change one item of the unit's draft, with its links."""
    require(actor, Perm.HANDLE, unit)
    draft = Catalogue.objects.select_for_update().get(pk=catalogue_draft(actor=actor, unit=unit).pk)
    problems: list[str] = []
    clean = {f: str(values.get(f, "")).strip() for f in ITEM_FIELDS}
    for f in REQUIRED:
        if not clean[f]:
            problems.append(f"“{LABELS[f]}”不能为空")
    choices = {f: [str(v) for v in values.get(f, [])] for f in CHOICE_FIELDS}
    if not choices["audiences"]:
        problems.append("“公开对象”至少选择一项")
    if not choices["modes"]:
        problems.append("“公开方式”至少选择一项")
    for kind, value in links:
        lk = link_kind(kind)
        if lk is None or value not in {v for v, _ in lk.choices()}:
            problems.append(f"关联“{kind}={value}”不存在：请从列表中选择")
    if problems:
        raise ValidationFailed(problems)
    if seq is None:
        _check_version(draft, version)
        last = draft.items.order_by("-seq").first()
        item = CatalogueItem.objects.create(
            catalogue=draft, seq=(last.seq + 1) if last else 1, **clean, **choices
        )
        before: dict[str, Any] | None = None
    else:
        found = CatalogueItem.objects.select_for_update().filter(catalogue=draft, seq=seq).first()
        if found is None:
            raise ValidationFailed([f"草稿中没有序号为 {seq} 的事项"])
        item = found
        if item.version != version:
            raise ConflictError("该事项已被他人修改：请刷新页面查看最新内容后再修改。")
        before = item_values(item)
        for f, v in {**clean, **choices}.items():
            setattr(item, f, v)
        item.version += 1
        item.save()
    item.links.all().delete()
    ItemLink.objects.bulk_create(
        [ItemLink(item=item, kind=k, value=v) for k, v in dict.fromkeys(links)]
    )
    draft.version += 1
    draft.save()
    audit_record(
        actor=actor,
        action="catalogue.item_save",
        obj_type="catalogue",
        obj_id=f"{unit.code}#{draft.number}",
        obj_label=f"事项{item.seq}：{item.level1}/{item.level2}"[:200],
        unit=unit,
        before=before,
        after={**item_values(item), "links": links},
    )
    return item


@transaction.atomic
def catalogue_publish(
    *,
    actor: User,
    unit: Unit,
    version: int,
    note: str = "",
    effective_on: datetime.date | None = None,
) -> Catalogue:
    """Publish the draft: it becomes the current catalogue; the one before is kept, dated."""
    require(actor, Perm.REVIEW, unit)
    draft = _draft(unit)
    if draft is None:
        raise ValidationFailed(["没有待发布的草稿：请先编辑或导入标准目录"])
    _check_version(draft, version)
    if not draft.items.exists():
        raise ValidationFailed(["草稿中没有事项，不能发布"])
    today = timezone.localdate()
    previous = current_catalogue(unit)
    if previous is not None:
        previous.state = CatalogueState.SUPERSEDED
        previous.superseded_on = effective_on or today
        previous.save()
    draft.state = CatalogueState.PUBLISHED
    draft.published_at = timezone.now()
    draft.published_by = actor
    draft.effective_on = effective_on or today
    draft.note = note.strip()[:300]
    draft.version += 1
    draft.save()
    audit_record(
        actor=actor,
        action="catalogue.publish",
        obj_type="catalogue",
        obj_id=f"{unit.code}#{draft.number}",
        obj_label=str(draft),
        unit=unit,
        before={"current": previous.number if previous else None},
        after={"current": draft.number, "effective_on": draft.effective_on, "note": draft.note},
    )
    return draft
