"""Data that leaves on schedule (issue 20 item 6): the monthly filing reaches the city's
endpoint through the outbox; the quarterly archive package carries the originals with digests."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.jobs import run_tick
from gongkai.delivery.models import OutboxMessage, Status
from gongkai.delivery.tests.sinks import http_endpoint
from gongkai.documents import services as doc_services
from gongkai.documents.models import PublicationLogEntry
from gongkai.handover.models import ArchivePackage
from gongkai.handover.services import archive_export, filing_key, parse_quarter
from gongkai.testing import tiny_pdf

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def test_the_monthly_filing_reaches_the_city_endpoint_once_with_retries(
    make_doc, publish, settings
):
    settings.GONGKAI_DELIVERY_RETRY_SECONDS = 60
    with time_machine.travel(datetime.datetime(2026, 8, 12, 10, tzinfo=TZ), tick=False):
        publish(make_doc(title="八月的新文件"))
        publish(make_doc(title="八月的解读", is_interpretation=True, interpretation_form="图解"))
    with http_endpoint("/api/filing") as city:
        settings.GONGKAI_FILING_URL = city.url
        city.answers = [503]  # the platform is down the first time
        first = datetime.datetime(2026, 9, 1, 0, 5, tzinfo=TZ)
        run = run_tick(first)
        assert run.results["handover.monthly_filing"] == {
            "month": "2026-08",
            "queued": True,
            "status": "pending",
        }
        run_tick(first + datetime.timedelta(minutes=1))  # delivery.send: refused (503)
        msg = OutboxMessage.objects.get(key=filing_key(2026, 8))
        assert (msg.status, msg.attempts, msg.last_status) == (Status.PENDING, 1, 503)
        for minutes in (2, 3, 4):  # later ticks: the retry, then nothing more
            run_tick(first + datetime.timedelta(minutes=minutes))
        msg.refresh_from_db()
        assert (msg.status, msg.attempts, msg.last_status) == (Status.SENT, 2, 200)
        assert '"accepted": true' in msg.last_response
        assert len(city.received) == 2
        sent = city.received[-1]
        assert sent["path"] == "/api/filing"
        assert sent["headers"]["Idempotency-Key"] == "city-filing:2026-08"
        filing = json.loads(sent["body"])
        assert filing["month"] == "2026-08"
        assert {d["title"] for d in filing["documents"]} == {"八月的新文件", "八月的解读"}
        assert filing["counts"] == {
            "information_updates": 2,
            "document_updates": 1,
            "interpretations": 1,
        }
    assert OutboxMessage.objects.filter(source="handover.filing").count() == 1


def test_without_an_endpoint_nothing_is_queued():
    run = run_tick(datetime.datetime(2026, 9, 1, 8, tzinfo=TZ))
    assert run.results["handover.monthly_filing"] == {"configured": False}
    assert not OutboxMessage.objects.exists()


def _with_attachment(world, doc, name: str, data: bytes) -> None:
    doc_services.attachment_add(actor=world.clerk, document=doc, name=name, data=data)


def test_the_quarterly_archive_package_has_every_original_with_digests(
    world, make_doc, publish, tmp_path
):
    with time_machine.travel(datetime.datetime(2026, 7, 20, 10, tzinfo=TZ), tick=False):
        doc = make_doc(title="第三季度的通知")
        publish(doc)
    with time_machine.travel(datetime.datetime(2026, 10, 2, 10, tzinfo=TZ), tick=False):
        publish(make_doc(title="第四季度的通知"))  # not in 2026Q3
    out = io.StringIO()
    with time_machine.travel(datetime.datetime(2026, 10, 8, 9, tzinfo=TZ), tick=False):
        call_command(
            "archive", "export", "--quarter", "2026Q3", "--output", str(tmp_path), stdout=out
        )
    package = ArchivePackage.objects.get(quarter="2026Q3")
    assert "2026Q3 归档包" in out.getvalue()
    with open(package.path, "rb") as fh:
        assert hashlib.file_digest(fh, "sha256").hexdigest() == package.sha256
    with zipfile.ZipFile(package.path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        files = manifest["files"]
        assert {f["title"] for f in files} == {"第三季度的通知"}
        for f in files:  # each file is byte for byte what the signed log recorded
            body = zf.read(f["path"])
            assert hashlib.sha256(body).hexdigest() == f["sha256"]
            entry = PublicationLogEntry.objects.get(seq=f["log_seq"])
            assert entry.sha256 == f["sha256"]
        sums = zf.read("SHA256SUMS").decode()
        assert all(f"{f['sha256']}  {f['path']}" in sums for f in files)
    assert package.files == len(files) == 1
    assert package.delivered_at is None
    call_command(
        "archive",
        "delivered",
        "--quarter",
        "2026Q3",
        "--to",
        "市档案馆",
        "--receipt",
        "DA-2026-301",
        stdout=io.StringIO(),
    )
    package.refresh_from_db()
    assert (package.delivered_to, package.receipt) == ("市档案馆", "DA-2026-301")
    with pytest.raises(CommandError, match=r"已于 \S+ 移交，不再重新生成"):
        call_command("archive", "export", "--quarter", "2026Q3", stdout=io.StringIO())


def test_the_archive_refuses_a_file_that_changed_since_publication(
    world, make_doc, publish, tmp_path
):
    with time_machine.travel(datetime.datetime(2026, 8, 3, 10, tzinfo=TZ), tick=False):
        doc = make_doc(title="附件被改动的文件")
        _with_attachment(world, doc, "原件.pdf", tiny_pdf())
        publish(doc)
    att = doc.attachments.get()
    with open(att.file.path, "wb") as fh:
        fh.write(tiny_pdf({"/Title": "改过"}))
    with pytest.raises(DomainError, match="与发布时不一致"):
        archive_export(
            quarter="2026Q3",
            by="测试",
            output_dir=tmp_path / "out",
            now=datetime.datetime(2026, 10, 8, tzinfo=TZ),
        )
    assert not ArchivePackage.objects.exists()
    assert list((tmp_path / "out").iterdir()) == []  # no half-written package left behind


def test_quarters_are_checked_in_chinese():
    assert parse_quarter("2026q3") == (2026, 3)
    with pytest.raises(ValidationFailed, match="格式不对：请写成年份加 Q1–Q4"):
        parse_quarter("2026-3")
    with pytest.raises(CommandError, match="尚未结束"):
        call_command(
            "archive",
            "export",
            "--quarter",
            f"{timezone.localdate().year + 1}Q1",
            stdout=io.StringIO(),
        )


def test_the_tick_writes_the_last_quarters_package_once(make_doc, publish, settings, tmp_path):
    settings.GONGKAI_ARCHIVE_AUTO = True
    settings.VAR_DIR = tmp_path
    with time_machine.travel(datetime.datetime(2026, 8, 3, 10, tzinfo=TZ), tick=False):
        publish(make_doc(title="八月"))
    now = datetime.datetime(2026, 10, 1, 0, 1, tzinfo=TZ)
    assert run_tick(now).results["handover.quarterly_archive"] == {
        "quarter": "2026Q3",
        "exported": True,
        "files": 1,
    }
    assert run_tick(now).results["handover.quarterly_archive"]["exported"] is False
    assert (tmp_path / "archive" / "gongkai-archive-2026Q3.zip").is_file()
