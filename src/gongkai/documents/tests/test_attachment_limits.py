"""Issue 13 findings 5 and 7: a zip bomb was unpacked in memory; long names lost their extension."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.core.archives import MAX_ENTRY_BYTES, MAX_TOTAL_BYTES
from gongkai.core.errors import ValidationFailed
from gongkai.documents import services
from gongkai.documents.attachments import safe_file_name
from gongkai.testing import tiny_pdf

pytestmark = pytest.mark.django_db


def _docx(entries: dict[str, int]) -> bytes:
    """A .docx whose entries unpack to the given sizes (zeros, streamed: the file stays small)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        chunk = b"\0" * (1024 * 1024)
        for name, size in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as w:
                for _ in range(size // len(chunk)):
                    w.write(chunk)
    return out.getvalue()


def test_a_docx_with_one_huge_entry_is_refused_before_it_is_unpacked(world, make_doc):
    doc = make_doc()
    bomb = _docx({"word/media/image1.bin": MAX_ENTRY_BYTES + 1024 * 1024})
    assert len(bomb) < 1024 * 1024  # a small upload...
    with pytest.raises(ValidationFailed) as err:
        services.attachment_add(actor=world.clerk, document=doc, name="通知.docx", data=bomb)
    assert "解压后超过 100 MB" in err.value.message
    assert "通知.docx" in err.value.message
    assert not doc.attachments.exists()


def test_a_docx_whose_entries_together_are_too_large_is_refused(world, make_doc):
    doc = make_doc()
    each = MAX_ENTRY_BYTES // 2
    bomb = _docx({f"word/media/image{i}.bin": each for i in range(MAX_TOTAL_BYTES // each + 1)})
    with pytest.raises(ValidationFailed) as err:
        services.attachment_add(actor=world.clerk, document=doc, name="通知.docx", data=bomb)
    assert "解压后超过 200 MB" in err.value.message


def test_a_corrupt_docx_is_refused_in_chinese(world, make_doc):
    doc = make_doc()
    with pytest.raises(ValidationFailed) as err:
        services.attachment_add(
            actor=world.clerk, document=doc, name="坏.docx", data=b"PK\x03\x04" + b"x" * 100
        )
    assert "坏.docx" in err.value.message


def test_an_ordinary_docx_still_loses_its_properties(world, make_doc):
    doc = make_doc()
    data = _docx({"word/media/image1.bin": 2 * 1024 * 1024})
    att = services.attachment_add(actor=world.clerk, document=doc, name="通知.docx", data=data)
    assert att.metadata_stripped
    with att.file.open("rb") as fh, zipfile.ZipFile(fh) as zf:
        assert zf.getinfo("word/media/image1.bin").file_size == 2 * 1024 * 1024


@pytest.mark.parametrize("stem_length", [197, 300, 1000])
def test_a_long_file_name_keeps_its_real_extension(world, make_doc, stem_length):
    doc = make_doc()
    name = "关" * stem_length + ".pdf"
    att = services.attachment_add(actor=world.clerk, document=doc, name=name, data=tiny_pdf())
    assert att.name.endswith(".pdf")
    assert len(att.name) == 200
    assert att.name.startswith("关" * 196)
    assert att.file.name.endswith(".pdf")


def test_safe_file_name_removes_separators_and_controls():
    assert safe_file_name("a/b\\c\x00d.pdf") == "a_b_c_d.pdf"
    assert safe_file_name("x" * 250 + ".PDF", limit=20) == "x" * 16 + ".PDF"
    assert safe_file_name("y" * 250, limit=20) == "y" * 20
