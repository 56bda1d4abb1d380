"""Tamper evidence: an append-only, hash-chained publication log whose entries are signed.

Each published version and attachment gets its SHA-256 digest appended. ``entry_hash`` covers the
entry's canonical JSON including the previous entry's hash; ``signature`` is Ed25519 over
``entry_hash`` with the deployment's key (settings.GONGKAI_SIGNING_KEY), so every entry is a signed
head of the chain. Anyone can check a file: its digest must be in the log (verify_bytes).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import connection

from gongkai.documents.models import Attachment, Document, PublicationLogEntry

GENESIS = "0" * 64
_LOCK_KEY = 4_711_004  # advisory lock id for appends on PostgreSQL


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=4)
def _private_key(seed_hex: str) -> Ed25519PrivateKey:
    try:
        seed = bytes.fromhex(seed_hex)
    except ValueError as exc:
        raise ValueError("GONGKAI_SIGNING_KEY 应为 64 位十六进制字符") from exc
    if len(seed) != 32:
        raise ValueError("GONGKAI_SIGNING_KEY 应为 64 位十六进制字符（32 字节）")
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey:
    return _private_key(settings.GONGKAI_SIGNING_KEY)


def public_key_bytes(key: Ed25519PrivateKey | None = None) -> bytes:
    return (key or signing_key()).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(pub: bytes | None = None) -> str:
    return sha256_hex(pub or public_key_bytes())[:16]


def new_key_hex() -> str:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        .hex()
    )


def _canonical(fields: dict[str, object]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _entry_fields(e: PublicationLogEntry) -> dict[str, object]:
    return {
        "seq": e.seq,
        "kind": e.kind,
        "document": e.document_id,
        "version": e.version_number,
        "attachment": e.attachment_id,
        "name": e.name,
        "sha256": e.sha256,
        "unit_code": e.unit_code,
        "unit_name": e.unit_name,
        "published_at": e.published_at.astimezone(datetime.UTC).isoformat(),
        "prev_hash": e.prev_hash,
    }


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    # SQLite: transactions are IMMEDIATE (settings), so writers are already serialised.


def append(
    *,
    kind: str,
    document: Document,
    version_number: int,
    name: str,
    sha256: str,
    published_at: datetime.datetime,
    attachment: Attachment | None = None,
) -> PublicationLogEntry:
    """Append one entry. Call inside the publishing transaction."""
    _lock()
    last = PublicationLogEntry.objects.order_by("-seq").first()
    key = signing_key()
    entry = PublicationLogEntry(
        seq=(last.seq + 1) if last else 1,
        kind=kind,
        document=document,
        version_number=version_number,
        attachment=attachment,
        name=name[:300],
        sha256=sha256,
        unit_code=document.unit.code,
        unit_name=document.unit.name,
        published_at=published_at,
        prev_hash=last.entry_hash if last else GENESIS,
        key_id=key_id(public_key_bytes(key)),
    )
    entry.entry_hash = sha256_hex(_canonical(_entry_fields(entry)))
    entry.signature = key.sign(bytes.fromhex(entry.entry_hash)).hex()
    entry.save()
    return entry


@dataclass(frozen=True)
class Pending:
    kind: str
    document: Document
    version_number: int
    name: str
    sha256: str
    published_at: datetime.datetime
    attachment: Attachment | None = None


def append_many(items: list[Pending]) -> list[PublicationLogEntry]:
    """Append several entries in order with one insert (bulk imports)."""
    _lock()
    last = PublicationLogEntry.objects.order_by("-seq").first()
    seq, prev = (last.seq, last.entry_hash) if last else (0, GENESIS)
    key = signing_key()
    kid = key_id(public_key_bytes(key))
    entries = []
    for it in items:
        seq += 1
        e = PublicationLogEntry(
            seq=seq,
            kind=it.kind,
            document=it.document,
            version_number=it.version_number,
            attachment=it.attachment,
            name=it.name[:300],
            sha256=it.sha256,
            unit_code=it.document.unit.code,
            unit_name=it.document.unit.name,
            published_at=it.published_at,
            prev_hash=prev,
            key_id=kid,
        )
        e.entry_hash = sha256_hex(_canonical(_entry_fields(e)))
        e.signature = key.sign(bytes.fromhex(e.entry_hash)).hex()
        prev = e.entry_hash
        entries.append(e)
    return PublicationLogEntry.objects.bulk_create(entries)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head_hash: str
    problems: list[str]


def verify_chain(pub: bytes | None = None) -> ChainReport:
    """Recompute every hash and check every signature against ``pub`` (default: ours)."""
    public = Ed25519PublicKey.from_public_bytes(pub or public_key_bytes())
    problems: list[str] = []
    prev = GENESIS
    n = 0
    for e in PublicationLogEntry.objects.order_by("seq").iterator():
        n += 1
        if e.prev_hash != prev:
            problems.append(f"第 {e.seq} 条记录的前序哈希与链不符")
        if sha256_hex(_canonical(_entry_fields(e))) != e.entry_hash:
            problems.append(f"第 {e.seq} 条记录的内容已被改动")
        try:
            public.verify(bytes.fromhex(e.signature), bytes.fromhex(e.entry_hash))
        except (InvalidSignature, ValueError):
            problems.append(f"第 {e.seq} 条记录的签名无效")
        prev = e.entry_hash
    return ChainReport(ok=not problems, entries=n, head_hash=prev, problems=problems)


def verify_signature(entry: PublicationLogEntry) -> bool:
    public = Ed25519PublicKey.from_public_bytes(public_key_bytes())
    try:
        public.verify(bytes.fromhex(entry.signature), bytes.fromhex(entry.entry_hash))
    except (InvalidSignature, ValueError):
        return False
    return sha256_hex(_canonical(_entry_fields(entry))) == entry.entry_hash


def entries_for_digest(digest: str) -> list[PublicationLogEntry]:
    """Log entries of PUBLIC documents with this digest (withdrawn documents are not shown)."""
    from gongkai.documents.selectors import public_documents

    return list(
        PublicationLogEntry.objects.filter(
            sha256=digest.lower(), document__in=public_documents()
        ).order_by("seq")
    )
