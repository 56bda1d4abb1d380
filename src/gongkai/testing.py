"""Test personas and builders, made through services (never raw ORM writes)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.middleware import acting_through
from gongkai.org.models import Role, Unit, User
from gongkai.org.services import staff_create, unit_create

PASSWORD = "correct-horse-battery-staple-9"  # noqa: S105 - test persona password


@dataclass
class World:
    """A small district: government → office (→ division), civil affairs bureau."""

    gov: Unit
    office: Unit
    division: Unit
    civil: Unit
    clerk: User
    reviewer: User
    head: User
    supervisor: User
    admin: User
    other_clerk: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = ("anonymous", "clerk", "reviewer", "head", "supervisor", "admin", "other_clerk")


def make_unit(code: str, name: str, parent: Unit | None = None, **extra: str) -> Unit:
    with acting_through("cli"):
        return unit_create(
            actor=None,
            values={"code": code, "name": name, "parent": parent.code if parent else "", **extra},
            system=True,
        )


def make_staff(username: str, unit: Unit, *roles: str, full_name: str = "") -> User:
    with acting_through("cli"):
        return staff_create(
            actor=None,
            username=username,
            password=PASSWORD,
            full_name=full_name or username,
            unit=unit,
            roles=list(roles),
            system=True,
        )


def build_world() -> World:
    gov = make_unit("G0001", "测试区人民政府", kind="government")
    office = make_unit("G0001-01", "测试区人民政府办公室", gov, kind="office", phone="021-1")
    division = make_unit("G0001-01-01", "政务公开科", office, kind="division")
    civil = make_unit("G0001-02", "测试区民政局", gov, kind="department")
    return World(
        gov=gov,
        office=office,
        division=division,
        civil=civil,
        clerk=make_staff("clerk", office, Role.CLERK, full_name="王经办"),
        reviewer=make_staff("reviewer", office, Role.REVIEWER, full_name="郑审核"),
        head=make_staff("head", office, Role.HEAD, full_name="吴负责人"),
        supervisor=make_staff("supervisor", gov, Role.SUPERVISOR, full_name="周主管"),
        admin=make_staff("admin", gov, Role.ADMIN, full_name="管理员"),
        other_clerk=make_staff("other_clerk", civil, Role.CLERK, full_name="李经办"),
    )


def tiny_pdf(metadata: dict[str, str] | None = None) -> bytes:
    """A real one-page PDF (optionally with document information) for upload tests."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if metadata:
        writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A real, small RGB PNG (grey pixels) for upload and preview tests."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def solve_challenge(text: str) -> str:
    """Answer the anti-spam question found in ``text`` (a page or a label) as a person would:
    read the sum in Chinese words and write it in digits."""
    import re

    from gongkai.core.challenge import DIGITS, EN_DIGITS

    en = re.search(r"What is (\w+) (plus|minus) (\w+)\?", text)
    if en is not None:
        a, b = EN_DIGITS.index(en.group(1)), EN_DIGITS.index(en.group(3))
        return str(a + b if en.group(2) == "plus" else a - b)
    m = re.search(r"(十|[一二三四五六七八九])(加|减)(十|[一二三四五六七八九])等于几", text)
    assert m is not None, "no anti-spam question on the page"
    a, b = DIGITS.index(m.group(1)), DIGITS.index(m.group(3))
    return str(a + b if m.group(2) == "加" else a - b)
