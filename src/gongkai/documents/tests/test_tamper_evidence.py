"""Tamper evidence: digests in a hash-chained, signed publication log; verify page and command."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import ValidationFailed
from gongkai.documents import publication, services
from gongkai.documents.models import AppendOnlyError, OutboxEvent, PublicationLogEntry

pytestmark = pytest.mark.django_db


def _docx(author: str = "张三") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>正文</w:document>")
        z.writestr(
            "docProps/core.xml",
            f"<cp:coreProperties><dc:creator>{author}</dc:creator></cp:coreProperties>",
        )
        z.writestr("docProps/app.xml", "<Properties><Company>某某局</Company></Properties>")
    return out.getvalue()


def _jpeg_with_exif() -> bytes:
    exif = b"Exif\x00\x00GPS-secret-location"
    app1 = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    dqt = b"\xff\xdb\x00\x04\x00\x00"
    return b"\xff\xd8" + app1 + dqt + b"\xff\xda\x00\x02" + b"imagedata" + b"\xff\xd9"


@pytest.fixture
def published(world, make_doc, publish):
    doc = make_doc(title="附件校验测试")
    att = services.attachment_add(
        actor=world.clerk, document=doc, name="实施细则.docx", data=_docx()
    )
    services.attachment_add(
        actor=world.clerk,
        document=doc,
        name="现场照片.jpg",
        data=_jpeg_with_exif(),
        description="施工现场照片：道路已完成铺设。",
    )
    publish(doc)
    return doc, att


def test_attachment_metadata_is_stripped_before_publication(published):
    doc, att = published
    data = att.file.open("rb").read()
    z = zipfile.ZipFile(io.BytesIO(data))
    assert "张三" not in z.read("docProps/core.xml").decode()
    assert "某某局" not in z.read("docProps/app.xml").decode()
    assert z.read("word/document.xml").decode() == "<w:document>正文</w:document>"
    photo = doc.attachments.get(name="现场照片.jpg").file.open("rb").read()
    assert b"GPS-secret-location" not in photo
    assert photo.startswith(b"\xff\xd8")
    assert b"imagedata" in photo


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("病毒.exe", b"MZ....", "类型不支持"),
        ("假的.pdf", b"not a pdf", "内容与扩展名"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_attachments_are_checked_by_type_content_and_size(world, make_doc, name, data, words):
    doc = make_doc()
    with pytest.raises(ValidationFailed, match=words):
        services.attachment_add(actor=world.clerk, document=doc, name=name, data=data)


def test_too_large_attachments_are_refused(world, make_doc, monkeypatch):
    from gongkai.documents import attachments

    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationFailed, match="超过"):
        services.attachment_add(
            actor=world.clerk, document=make_doc(), name="a.pdf", data=b"%PDF-1.7 0123456789"
        )


def test_each_published_version_and_attachment_is_in_the_signed_hash_chain(published):
    _doc, att = published
    entries = list(PublicationLogEntry.objects.order_by("seq"))
    assert [e.kind for e in entries] == ["version", "attachment", "attachment"]
    assert entries[0].prev_hash == publication.GENESIS
    assert entries[1].prev_hash == entries[0].entry_hash
    assert entries[1].sha256 == att.sha256
    report = publication.verify_chain()
    assert report.ok, report.problems
    assert report.entries == 3


def test_the_log_is_append_only_and_a_forged_entry_is_detected(published):
    entry = PublicationLogEntry.objects.first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        PublicationLogEntry.objects.update(name="x")
    with pytest.raises(AppendOnlyError):
        entry.delete()
    # Someone with database access rewrites a digest: the chain check notices.
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "UPDATE documents_publicationlogentry SET sha256 = %s WHERE seq = 2", ["0" * 64]
        )
    report = publication.verify_chain()
    assert not report.ok
    assert any("第 2 条" in p for p in report.problems)


def test_a_chain_signed_with_another_key_fails(published):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert not publication.verify_chain(other).ok


def test_downloads_verify_on_the_public_page_and_a_modified_copy_fails(client, published, world):
    doc, att = published
    download = client.get(reverse("documents:attachment", args=[doc.pk, att.pk]))
    data = b"".join(download.streaming_content)
    ok = client.post(reverse("documents:verify"), {"file": io.BytesIO(data)}, format="multipart")
    html = ok.content.decode()
    assert "校验通过" in html
    assert world.office.name in html
    assert "签名有效" in html
    tampered = bytearray(data)
    tampered[-30] ^= 1
    bad = client.post(reverse("documents:verify"), {"file": io.BytesIO(bytes(tampered))})
    assert "校验未通过" in bad.content.decode()


def test_the_verify_command_checks_files_and_the_chain(client, published, tmp_path):
    doc, _ = published
    page = client.get(reverse("documents:version-download", args=[doc.pk, 1])).content
    good = tmp_path / "doc.html"
    good.write_bytes(page)
    out = io.StringIO()
    call_command("verify", str(good), "--chain", stdout=out)
    text = out.getvalue()
    assert "与发布时完全一致" in text
    assert "哈希链与全部签名有效" in text
    bad = tmp_path / "doc-modified.html"
    bad.write_bytes(page.replace("附件校验测试".encode(), "附件校验测试（改）".encode()))
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("verify", str(bad), stdout=io.StringIO())


def test_withdrawn_documents_no_longer_verify_publicly(world, client, published):
    from gongkai.documents import lifecycle

    doc, att = published
    lifecycle.document_withdraw(actor=world.reviewer, document=doc, reason="误发")
    assert (
        "校验未通过"
        in client.get(reverse("documents:verify"), {"sha256": att.sha256}).content.decode()
    )


def test_the_outbox_records_each_public_change_in_order(world, published):
    from gongkai.documents import lifecycle

    doc, _ = published
    lifecycle.document_repeal(actor=world.reviewer, document=doc, note="被新文件取代")
    lifecycle.document_withdraw(actor=world.reviewer, document=doc, reason="误发")
    rows = list(
        OutboxEvent.objects.filter(document=doc).values_list("action", "version", "processed_at")
    )
    assert rows == [("publish", 1, None), ("repeal", 1, None), ("withdraw", 1, None)]


def test_removing_a_published_attachment_takes_effect_with_the_next_version(
    world, client, published, publish
):
    from gongkai.documents import lifecycle

    doc, att = published
    url = reverse("documents:detail", args=[doc.pk])
    lifecycle.document_start_revision(actor=world.clerk, document=doc)
    services.attachment_remove(actor=world.clerk, attachment=att)
    assert "实施细则.docx" in client.get(url).content.decode()  # v1 still public as it was
    services.document_update(
        actor=world.clerk, document=doc, values={"revision_note": "删除过时的附件"}
    )
    publish(doc)
    assert "实施细则.docx" not in client.get(url).content.decode()
    assert (
        "实施细则.docx"
        in client.get(reverse("documents:version", args=[doc.pk, 1])).content.decode()
    )
    assert client.get(reverse("documents:attachment", args=[doc.pk, att.pk])).status_code == 404


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_any_changed_byte_makes_a_published_file_fail_verification(published, position, flip):
    _doc, att = published
    data = bytearray(att.file.open("rb").read())
    assert publication.entries_for_digest(publication.sha256_hex(bytes(data)))
    data[position % len(data)] ^= flip
    assert publication.entries_for_digest(publication.sha256_hex(bytes(data))) == []


def test_pdf_document_information_is_stripped_before_publication(world, make_doc, publish):
    from pypdf import PdfReader

    from gongkai.testing import tiny_pdf

    doc = make_doc(title="PDF 附件")
    data = tiny_pdf({"/Author": "张三", "/Producer": "某某局内网 WPS", "/Title": "内部讨论稿"})
    services.attachment_add(actor=world.clerk, document=doc, name="通知.pdf", data=data)
    publish(doc)
    stored = doc.attachments.get(name="通知.pdf").file.open("rb").read()
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 1
    assert not reader.metadata
    assert "张三".encode("utf-16-be") not in stored
    assert b"WPS" not in stored


def test_a_broken_or_encrypted_pdf_is_refused(world, make_doc):
    from pypdf import PdfWriter

    doc = make_doc()
    with pytest.raises(ValidationFailed, match="无法读取"):
        services.attachment_add(
            actor=world.clerk, document=doc, name="坏.pdf", data=b"%PDF-1.4\n%%EOF\n"
        )
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationFailed, match="加密"):
        services.attachment_add(actor=world.clerk, document=doc, name="密.pdf", data=out.getvalue())
