"""Files of a case: the applicant's identity proof, the agency's originals (private) and the
released copies (redacted by staff before upload; 条例 Art. 37)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.applications.machine import State
from gongkai.applications.models import Application, CaseFile, FileKind
from gongkai.applications.services import Actor, _append_event, _require_on
from gongkai.audit.services import audit_record
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.org.access import Perm
from gongkai.org.models import User

MAX_CASE_FILE_BYTES = 20 * 1024 * 1024


def _checked(name: str, data: bytes, *, strip: bool) -> tuple[str, str, bytes]:
    from gongkai.documents.attachments import check_and_strip

    if len(data) > MAX_CASE_FILE_BYTES:
        raise ValidationFailed([f"文件“{name}”超过 20 MB"])
    checked = check_and_strip(name, data)
    return checked.name, checked.content_type, checked.data if strip else data


IDENTITY_PROOF_TYPES = ("pdf", "jpg", "jpeg", "png")  # a photo or scan of an ID or licence


def _identity_proof_type(name: str) -> None:
    from gongkai.documents.attachments import extension

    if extension(name) not in IDENTITY_PROOF_TYPES:
        raise ValidationFailed(
            [
                gettext(
                    "身份证明“%(name)s”的类型不支持：请上传身份证件或营业执照的 PDF、JPG 或 PNG 文件"
                )
                % {"name": name}
            ]
        )


def check_identity_proof(name: str, data: bytes) -> None:
    """Refuse (ValidationFailed) an identity proof that is not a readable PDF, JPG or PNG of
    at most 20 MB; the public form asks this before anything is stored."""
    _identity_proof_type(name)
    _checked(name, data, strip=False)


def store_file(
    app: Application, *, kind: str, name: str, data: bytes, actor: Actor, note: str = ""
) -> CaseFile:
    """Write one file (inside the caller's transaction and audit)."""
    if kind not in FileKind.values:
        raise ValidationFailed(["文件类型应为身份证明、原件或提供给申请人的文件"])
    if kind == FileKind.IDENTITY_PROOF:
        _identity_proof_type(name)  # the content is checked just below, as for every file
    # Released copies lose their metadata (author, editor...); originals are kept as they came.
    clean_name, ctype, body = _checked(name, data, strip=kind == FileKind.RELEASED)
    case_file = CaseFile(
        application=app,
        kind=kind,
        name=clean_name[:200],
        content_type=ctype,
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
        note=note[:300],
        uploaded_by=actor if isinstance(actor, User) else None,
        uploaded_at=timezone.now(),
    )
    case_file.file.save(
        f"{app.tracking_code}-{kind}-{case_file.sha256[:12]}", ContentFile(body), save=False
    )
    case_file.save()
    return case_file


def casefile_add(
    *, actor: Actor, code: str, kind: str, name: str, data: bytes, note: str = ""
) -> CaseFile:
    with transaction.atomic():
        app = Application.objects.select_for_update().filter(tracking_code=code).first()
        if app is None:
            raise DomainError(f"找不到查询码为“{code}”的申请。")
        user = _require_on(actor, Perm.HANDLE, app)
        if app.state == State.CLOSED:
            raise DomainError("已办结归档的申请不能再添加文件。")
        if kind == FileKind.RELEASED and not note.strip():
            raise ValidationFailed(["请说明该文件是什么，以及是否已作区分处理（条例第三十七条）"])
        case_file = store_file(app, kind=kind, name=name, data=data, actor=user, note=note)
        _append_event(
            app,
            actor=user,
            kind="file",
            label=f"上传{FileKind(kind).label}：{case_file.name}",
            on=timezone.localdate(),
            data={"file_id": case_file.pk, "kind": kind, "sha256": case_file.sha256},
        )
        audit_record(
            actor=user,
            action="application.file_add",
            obj_type="application",
            obj_id=app.tracking_code,
            obj_label=f"政府信息公开申请 {app.tracking_code}",
            unit=app.unit,
            after={"kind": kind, "name": case_file.name, "sha256": case_file.sha256},
        )
        return case_file
