"""Case files: identity proof from the public form, private originals, released copies that
only the applicant (after tracking) and handling staff can download (issue 3 §1, §5)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.files import casefile_add
from gongkai.applications.models import Application, CaseFile
from gongkai.applications.tests.conftest import CASE, PERSON, at, submit
from gongkai.core.errors import AccessDenied, ValidationFailed
from gongkai.testing import tiny_pdf

pytestmark = pytest.mark.usefixtures("calendar")
PDF = tiny_pdf()


@pytest.fixture(autouse=True)
def _media(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def test_the_public_form_takes_an_optional_identity_proof_kept_private(world, client):
    with at("2024-09-20"):
        r = client.post(
            reverse("apply:form"),
            {
                "unit": world.office.code,
                **CASE,
                **PERSON,
                "website": "",
                "identity_proof": SimpleUploadedFile("身份证.pdf", PDF, "application/pdf"),
            },
        )
    assert r.status_code == 302
    app = Application.objects.get()
    proof = CaseFile.objects.get(application=app)
    assert proof.kind == "identity_proof"
    client.post(reverse("apply:track"), {"code": app.tracking_code, "secret": "7777"})
    assert client.get(reverse("apply:file", args=[app.tracking_code, proof.pk])).status_code == 404


def test_a_file_of_the_wrong_type_is_refused(world, client):
    with at("2024-09-20"):
        r = client.post(
            reverse("apply:form"),
            {
                "unit": world.office.code,
                **CASE,
                **PERSON,
                "website": "",
                "identity_proof": SimpleUploadedFile(
                    "a.exe", b"MZ\x90\x00", "application/octet-stream"
                ),
            },
        )
    assert r.status_code == 400
    assert Application.objects.count() == 0


def test_originals_stay_private_and_released_copies_reach_the_applicant(world, client):
    app = submit(world, "2024-09-20")
    original = casefile_add(
        actor=world.clerk, code=app.tracking_code, kind="original", name="原件.pdf", data=PDF
    )
    with pytest.raises(ValidationFailed, match="区分处理"):
        casefile_add(
            actor=world.clerk, code=app.tracking_code, kind="released", name="r.pdf", data=PDF
        )
    with pytest.raises(AccessDenied):
        casefile_add(
            actor=world.other_clerk,
            code=app.tracking_code,
            kind="released",
            name="r.pdf",
            data=PDF,
            note="x",
        )
    released = casefile_add(
        actor=world.clerk,
        code=app.tracking_code,
        kind="released",
        name="验收报告（遮盖版）.pdf",
        data=PDF,
        note="已遮盖施工人员身份证号",
    )
    url = reverse("apply:file", args=[app.tracking_code, released.pk])
    assert client.get(url).status_code == 404  # not before proving who you are
    page = client.post(reverse("apply:track"), {"code": app.tracking_code, "secret": "7777"})
    html = page.content.decode()
    assert f"{app.tracking_code}-1-验收报告（遮盖版）.pdf" in html
    assert "原件.pdf" not in html
    got = client.get(url)
    assert got.status_code == 200
    body = b"".join(got.streaming_content)
    assert body.startswith(b"%PDF")  # the released copy, as stored (metadata stripped)
    assert hashlib.sha256(body).hexdigest() == CaseFile.objects.get(pk=released.pk).sha256
    assert (
        client.get(reverse("apply:file", args=[app.tracking_code, original.pk])).status_code == 404
    )
    client.force_login(world.clerk)
    staff = client.get(reverse("applications:file", args=[app.tracking_code, original.pk]))
    assert staff.status_code == 200
    client.force_login(world.other_clerk)
    assert (
        client.get(reverse("applications:file", args=[app.tracking_code, original.pk])).status_code
        == 404
    )


def test_staff_upload_through_the_case_page(world, client):
    app = submit(world, "2024-09-20")
    client.force_login(world.clerk)
    r = client.post(
        reverse("applications:file-add", args=[app.tracking_code]),
        {
            "kind": "original",
            "note": "",
            "file": SimpleUploadedFile("o.pdf", PDF, "application/pdf"),
        },
        follow=True,
    )
    assert "文件已上传" in r.content.decode()
    assert app.files.get().name == "o.pdf"
