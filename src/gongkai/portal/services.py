"""Writes of the portal: the disclosure guide."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.html import sanitise_body
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User
from gongkai.portal.models import DisclosureGuide

GUIDE_MAX_CHARS = 100_000


def guide_update(
    *, actor: User | AnonymousUser | None, unit: Unit, body: str, version: int
) -> DisclosureGuide:
    """Save a unit's guide. ``version`` is the one the editor read (0 for a new guide): a guide
    changed meanwhile by someone else is never silently overwritten."""
    user = require(actor, Perm.EDIT_GUIDE, unit)
    clean = sanitise_body(body)
    if not clean:
        raise ValidationFailed(["指南正文不能为空"])
    if len(clean) > GUIDE_MAX_CHARS:
        raise ValidationFailed([f"指南正文过长（{len(clean)} 字符），最多 {GUIDE_MAX_CHARS} 字符"])
    with transaction.atomic():
        guide = DisclosureGuide.objects.select_for_update().filter(unit=unit).first()
        current = guide.version if guide else 0
        if current != version:
            raise ConflictError(
                "保存失败：在您编辑期间，该指南已被他人修改。请刷新页面查看最新内容后再修改。"
            )
        before = {"body": guide.body} if guide else None
        if guide is None:
            guide = DisclosureGuide(unit=unit, body=clean, updated_at=timezone.now())
        elif guide.body == clean:
            return guide
        else:
            guide.version += 1
        guide.body = clean
        guide.updated_at = timezone.now()
        guide.updated_by = user
        guide.save()
        audit_record(
            actor=actor,
            action="guide.update" if before else "guide.create",
            obj_type="guide",
            obj_id=unit.code,
            obj_label=f"{unit.name}政府信息公开指南",
            unit=unit,
            before=before,
            after={"body": clean, "version": guide.version},
        )
    return guide
