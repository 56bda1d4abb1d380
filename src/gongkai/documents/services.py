"""Writes to documents while they are drafted: create, edit, attachments, relations, links.

Every function checks the access layer and records an audit event in its own transaction.
Publishing and the other workflow steps are in lifecycle.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.audit.services import audit_record, diff
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.documents.attachments import IMAGE_TYPES, check_and_strip
from gongkai.documents.models import (
    Attachment,
    Document,
    DocumentIssuer,
    DocumentRelation,
    PolicyTag,
    ServiceLink,
    State,
    Topic,
)
from gongkai.documents.numbers import validate_doc_number
from gongkai.documents.publication import sha256_hex
from gongkai.documents.render import sanitise_body
from gongkai.documents.vocab import (
    ART20_LABELS,
    DisclosureMode,
    DocKind,
    InterpretationForm,
    InterpretationStage,
    RelationKind,
    Scope,
    Validity,
)
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User

Actor = User | AnonymousUser | None

EDITABLE_FIELDS = (
    "title",
    "doc_number",
    "doc_kind",
    "is_normative",
    "is_major_policy",
    "written_on",
    "effective_on",
    "expires_on",
    "validity",
    "topic",
    "art20_item",
    "disclosure_mode",
    "disclosure_basis",
    "scope",
    "scope_target",
    "keywords",
    "summary",
    "body",
    "source",
    "is_interpretation",
    "interpretation_form",
    "interpretation_stage",
    "revision_note",
)
DATE_FIELDS = ("written_on", "effective_on", "expires_on")
EDITABLE_STATES = {State.DRAFT}


def snapshot(doc: Document) -> dict[str, Any]:
    """The document's metadata as plain values (audit log, versions, exports)."""
    data: dict[str, Any] = {f: getattr(doc, f) for f in EDITABLE_FIELDS if f != "topic"}
    data["topic"] = doc.topic.path if doc.topic_id and doc.topic else ""
    data["topic_code"] = doc.topic.code if doc.topic_id and doc.topic else ""
    data["art20_label"] = ART20_LABELS.get(doc.art20_item or 0, "")
    data["index_number"] = doc.index_number
    data["published_on"] = doc.published_on
    data["state"] = doc.state
    data["unit"] = doc.unit.name
    data["unit_code"] = doc.unit.code
    if doc.pk:
        data["issuers"] = [i.name for i in doc.issuers.all()]
        data["policy_tags"] = sorted(t.name for t in doc.policy_tags.all())
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}


def _date(value: Any, label: str, problems: list[str]) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(f"{label}“{value}”不是有效日期：请写成 2024-05-01 的形式")
        return None


def clean_values(values: dict[str, Any], *, partial: Document | None = None) -> dict[str, Any]:
    """Validate and normalise metadata; raise ValidationFailed listing every problem."""
    problems: list[str] = []
    out: dict[str, Any] = {}
    for key in EDITABLE_FIELDS:
        if key in values:
            out[key] = values[key]
    if "title" in out or partial is None:
        out["title"] = str(out.get("title") or "").strip()
        if not out["title"]:
            problems.append("“标题”不能为空")
        elif len(out["title"]) > 300:
            problems.append("“标题”最长 300 个字")
    if out.get("doc_number"):
        try:
            out["doc_number"] = validate_doc_number(str(out["doc_number"]))
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    for key, label in (
        ("written_on", "成文日期"),
        ("effective_on", "实施日期"),
        ("expires_on", "废止/失效日期"),
    ):
        if key in out:
            out[key] = _date(out[key], label, problems)
    for key, enum, label in (
        ("doc_kind", DocKind, "公文种类"),
        ("validity", Validity, "有效性"),
        ("disclosure_mode", DisclosureMode, "公开方式"),
        ("scope", Scope, "公开范围"),
        ("interpretation_form", InterpretationForm, "解读形式"),
        ("interpretation_stage", InterpretationStage, "解读阶段"),
    ):
        if key in out:
            val = str(out[key] or "").strip()
            labels = {lbl: v for v, lbl in enum.choices}
            val = labels.get(val, val)
            if val and val not in enum.values:
                problems.append(
                    f"{label}“{out[key]}”无效，可选：" + "、".join(str(v) for v in enum.values if v)
                )
            out[key] = val
    if "topic" in out and not isinstance(out["topic"], Topic):
        code = str(out["topic"] or "").strip()
        topic = None
        if code:
            topic = Topic.objects.filter(code=code).first() or _topic_by_path(code)
            if topic is None:
                problems.append(
                    f"主题分类“{code}”不存在：请使用分类代码，例如 0101，或“综合政务\\政务公开”"
                )
        out["topic"] = topic
    if "art20_item" in out:
        raw = out["art20_item"]
        if raw in (None, ""):
            out["art20_item"] = None
        else:
            try:
                out["art20_item"] = int(raw)
            except (TypeError, ValueError):
                out["art20_item"] = -1
            if out["art20_item"] not in ART20_LABELS:
                problems.append(f"条例第二十条事项“{raw}”无效：请填 1 到 15")
    for key in ("is_normative", "is_major_policy", "is_interpretation"):
        if key in out:
            out[key] = out[key] in (True, "true", "True", "1", 1, "是", "on")
    if "body" in out:
        out["body"] = sanitise_body(str(out["body"] or ""))
    for key in (
        "keywords",
        "summary",
        "source",
        "disclosure_basis",
        "scope_target",
        "revision_note",
    ):
        if key in out:
            out[key] = str(out[key] or "").strip()
    merged = {f: getattr(partial, f) for f in EDITABLE_FIELDS} if partial else {}
    merged.update(out)
    if (
        merged.get("written_on")
        and merged.get("effective_on")
        and merged["effective_on"] < merged["written_on"]
    ):
        problems.append("实施日期早于成文日期：请核对")
    if (
        merged.get("expires_on")
        and merged.get("effective_on")
        and merged["expires_on"] < merged["effective_on"]
    ):
        problems.append("废止/失效日期早于实施日期：请核对")
    if merged.get("scope") == Scope.TARGETED and not merged.get("scope_target"):
        problems.append("公开范围为“定点定向”时，请填写定向公开对象")
    if merged.get("is_interpretation") and not merged.get("interpretation_form"):
        problems.append("政策解读请选择解读形式（文字、图解、视频、动漫、问答、新闻发布会、其他）")
    if problems:
        raise ValidationFailed(problems)
    return out


def _topic_by_path(text: str) -> Topic | None:
    parts = [p for p in text.replace("/", "\\").split("\\") if p]
    if len(parts) == 2:
        return Topic.objects.filter(parent__name=parts[0], name=parts[1]).first()
    if len(parts) == 1:
        return Topic.objects.filter(name=parts[0], parent__isnull=False).first()
    return None


def _set_issuers(doc: Document, names: list[str]) -> None:
    clean = [n.strip() for n in names if n and n.strip()]
    doc.issuers.all().delete()
    for i, name in enumerate(dict.fromkeys(clean)):
        DocumentIssuer.objects.create(document=doc, name=name[:120], position=i)


def _set_tags(doc: Document, names: list[str]) -> None:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        tag, created = PolicyTag.objects.get_or_create(name=name[:40])
        if created:
            audit_record(
                actor=None,
                action="policy_tag.create",
                obj_type="policy_tag",
                obj_id=tag.name,
                obj_label=tag.name,
                actor_label="系统（随文件新增标签）",
            )
        tags.append(tag)
    doc.policy_tags.set(tags)


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return list(str(value or "").replace("，", ",").replace("、", ",").replace(";", ",").split(","))


def document_create(
    *,
    actor: Actor,
    unit: Unit,
    values: dict[str, Any],
    issuers: list[str] | str | None = None,
    tags: list[str] | str | None = None,
) -> Document:
    with transaction.atomic():
        user = require(actor, Perm.HANDLE, unit)
        cleaned = clean_values(values)
        doc = Document(unit=unit, drafted_by=user, state=State.DRAFT)
        for key, val in cleaned.items():
            setattr(doc, key, val)
        if doc.is_normative and not doc.validity:
            doc.validity = Validity.VALID
        if doc.is_interpretation:
            doc.doc_kind = DocKind.INTERPRETATION
        doc.save()
        _set_issuers(doc, _split(issuers) if issuers else [unit.name])
        _set_tags(doc, _split(tags))
        audit_record(
            actor=actor,
            action="document.create",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=unit,
            after=snapshot(doc),
        )
    return doc


def _editable(doc: Document) -> None:
    if doc.state not in EDITABLE_STATES:
        raise DomainError(
            f"文件处于“{doc.get_state_display()}”状态，不能修改：已发布的文件请先点“修订”。"
        )


def _locked(doc: Document) -> Document:
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("unit", "topic")
        .get(pk=doc.pk)
    )


def document_update(
    *,
    actor: Actor,
    document: Document,
    values: dict[str, Any],
    issuers: list[str] | str | None = None,
    tags: list[str] | str | None = None,
    version: int | None = None,
) -> Document:
    """Edit the draft. ``version`` is the one the editor read (optimistic concurrency): the
    workbench page and the API always pass it, and a document changed meanwhile by someone else
    is never silently overwritten. Only internal callers holding no stale copy omit it."""
    with transaction.atomic():
        doc = _locked(document)
        require(actor, Perm.HANDLE, doc.unit)
        if version is not None and doc.version != version:
            raise ConflictError(
                "保存失败：在您编辑期间，该文件已被他人修改。请刷新页面查看最新内容后再修改。"
            )
        _editable(doc)
        before = snapshot(doc)
        cleaned = clean_values(values, partial=doc)
        for key, val in cleaned.items():
            setattr(doc, key, val)
        doc.version += 1
        doc.save()
        if issuers is not None:
            _set_issuers(doc, _split(issuers))
        if tags is not None:
            _set_tags(doc, _split(tags))
        b, a = diff(before, snapshot(doc))
        audit_record(
            actor=actor,
            action="document.update",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=doc.unit,
            before=b,
            after=a,
        )
    return doc


def attachment_add(
    *, actor: Actor, document: Document, name: str, data: bytes, description: str = ""
) -> Attachment:
    """Add a file to the working copy. ``description``: an image's text alternative (required
    for a PNG or JPEG: the public page shows the picture with it as its ``alt``)."""
    checked = check_and_strip(name, data)
    description = " ".join(description.split())
    if checked.content_type in IMAGE_TYPES and not description:
        raise ValidationFailed(
            ["请填写图片文字说明：用一两句话写明图中的内容（如图表的数字），供看不到图片的读者使用"]
        )
    if len(description) > 500:
        raise ValidationFailed(["图片文字说明不超过500字"])
    with transaction.atomic():
        doc = _locked(document)
        user = require(actor, Perm.HANDLE, doc.unit)
        _editable(doc)
        digest = sha256_hex(checked.data)
        att = Attachment(
            document=doc,
            name=checked.name,
            description=description,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=digest,
            metadata_stripped=checked.stripped,
            uploaded_by=user,
        )
        att.file.save(
            f"{digest[:16]}.{checked.name.rsplit('.', 1)[-1].lower()}",
            ContentFile(checked.data),
            save=False,
        )
        att.save()
        audit_record(
            actor=actor,
            action="document.attachment_add",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=doc.unit,
            after={
                "attachment": att.name,
                "sha256": digest,
                "size": att.size,
                "stripped": att.metadata_stripped,
            },
        )
    return att


def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    with transaction.atomic():
        doc = _locked(attachment.document)
        require(actor, Perm.HANDLE, doc.unit)
        _editable(doc)
        att = Attachment.objects.select_for_update(of=("self",)).get(pk=attachment.pk)
        if att.published_version:  # public: removed from the next published version on
            att.removed_in_version = doc.live_number + 1
            att.save(update_fields=["removed_in_version"])
        else:
            att.removed = True
            att.save(update_fields=["removed"])
        audit_record(
            actor=actor,
            action="document.attachment_remove",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=doc.unit,
            before={"attachment": att.name, "sha256": att.sha256},
        )


def relation_add(
    *, actor: Actor, document: Document, target: Document, kind: str
) -> DocumentRelation:
    """``document`` interprets / amends / repeals / replaces ``target``."""
    if kind not in RelationKind.values:
        raise DomainError(f"关系类型“{kind}”无效")
    if target.pk == document.pk:
        raise DomainError("文件不能与自身建立关系")
    with transaction.atomic():
        doc = _locked(document)
        require(actor, Perm.HANDLE, doc.unit)
        _editable(doc)
        rel, created = DocumentRelation.objects.get_or_create(source=doc, target=target, kind=kind)
        if kind == RelationKind.INTERPRETS and not doc.is_interpretation:
            doc.is_interpretation = True
            doc.doc_kind = DocKind.INTERPRETATION
            if not doc.interpretation_form:
                doc.interpretation_form = InterpretationForm.TEXT
            doc.version += 1
            doc.save(
                update_fields=[
                    "is_interpretation",
                    "doc_kind",
                    "interpretation_form",
                    "version",
                    "updated_at",
                ]
            )
        audit_record(
            actor=actor,
            action="document.relation_add",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=doc.unit,
            after={
                "kind": kind,
                "target": target.pk,
                "target_title": target.title,
                "created": created,
            },
        )
    return rel


def service_link_add(*, actor: Actor, document: Document, title: str, url: str) -> ServiceLink:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationFailed([f"办事链接“{url}”不是有效的网址"]) from exc
    if not title.strip():
        raise ValidationFailed(["请填写办事事项名称"])
    with transaction.atomic():
        doc = _locked(document)
        require(actor, Perm.HANDLE, doc.unit)
        _editable(doc)
        link = ServiceLink.objects.create(document=doc, title=title.strip()[:200], url=url)
        audit_record(
            actor=actor,
            action="document.service_link_add",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=doc.unit,
            after={"title": link.title, "url": url},
        )
    return link


def topics_install_defaults(*, actor: Actor = None) -> int:
    """Create the missing topics of the default taxonomy (also shipped by migration 0002);
    returns how many were created. Used by the demo and after a test flushed the tables."""
    from gongkai.documents.vocab import DEFAULT_TOPICS

    created = 0
    with transaction.atomic():
        for i, (code, name, children) in enumerate(DEFAULT_TOPICS):
            top, made = Topic.objects.get_or_create(
                code=code, defaults={"name": name, "sort_order": i}
            )
            new = [top] if made else []
            for j, (ccode, cname) in enumerate(children):
                child, made = Topic.objects.get_or_create(
                    code=ccode, defaults={"name": cname, "parent": top, "sort_order": j}
                )
                if made:
                    new.append(child)
            for t in new:
                audit_record(
                    actor=actor,
                    action="topic.create",
                    obj_type="topic",
                    obj_id=t.code,
                    obj_label=t.path,
                )
            created += len(new)
    return created


def topic_create(*, actor: Actor, code: str, name: str, parent_code: str = "") -> Topic:
    """Add a topic to the catalogue (the unit's own 目录 beside the shipped taxonomy)."""
    code, name, parent_code = code.strip(), name.strip(), parent_code.strip()
    with transaction.atomic():
        require(actor, Perm.MANAGE_UNITS)
        problems = []
        if not code or len(code) > 16 or not code.replace("-", "").isalnum():
            problems.append("分类代码只能由字母、数字、- 组成，最长 16 位")
        elif Topic.objects.filter(code=code).exists():
            problems.append(f"分类代码“{code}”已存在")
        if not name or len(name) > 60:
            problems.append("请填写分类名称（最长 60 个字）")
        parent = Topic.objects.filter(code=parent_code).first() if parent_code else None
        if parent_code and parent is None:
            problems.append(f"上级分类“{parent_code}”不存在")
        if parent is not None and parent.parent_id is not None:
            problems.append("主题分类只有两级：上级分类须为一级分类")
        if problems:
            raise ValidationFailed(problems)
        siblings = Topic.objects.filter(parent=parent).count()
        topic = Topic.objects.create(code=code, name=name, parent=parent, sort_order=siblings)
        audit_record(
            actor=actor,
            action="topic.create",
            obj_type="topic",
            obj_id=topic.code,
            obj_label=topic.path,
        )
    return topic
