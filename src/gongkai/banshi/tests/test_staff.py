"""The staff edit page of a service: edits are version-checked, blank forms are uploaded,
replaced and removed there (refused in plain Chinese when wrong, nothing written), and a
service can be withdrawn; other units' staff do not reach it."""

from __future__ import annotations

import html as htmllib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEvent
from gongkai.banshi.demo import blank_docx
from gongkai.banshi.models import BlankForm, ServiceItem
from gongkai.banshi.services import MAX_FORM_BYTES, service_save
from gongkai.banshi.views_staff import FIELDS, materials_text

from .test_forms import SERVICE


@pytest.fixture
def item(world):
    return service_save(actor=world.clerk, unit=world.office, raw=SERVICE)


def _text(response) -> str:
    return htmllib.unescape(response.content.decode())


def _post_form(client, item, material, upload, version=None):
    data = {"material": material, "version": item.version if version is None else version}
    if upload is not None:
        data["file"] = upload
    return client.post(f"/staff/banshi/{item.code}/forms/", data, follow=True)


def test_staff_upload_replace_and_remove_a_blank_form(world, item, login) -> None:
    client = login(world.clerk)
    page = _text(client.get(f"/staff/banshi/{item.code}/"))
    assert "创业补贴申请表" in page
    assert 'enctype="multipart/form-data"' in page
    docx = SimpleUploadedFile("申请表.docx", blank_docx("创业补贴申请表", ["申请单位"]))
    done = _text(_post_form(client, item, "创业补贴申请表", docx))
    assert "已上传材料“创业补贴申请表”的空白表格" in done
    form = BlankForm.objects.get()
    assert form.name == "申请表.docx"
    assert f"/banshi/{item.code}/forms/{form.pk}/" in _text(client.get(f"/banshi/{item.code}/"))
    # a stale page (the version it was shown at) does not overwrite
    stale = SimpleUploadedFile("旧.docx", blank_docx("旧", ["x"]))
    refused = _text(_post_form(client, item, "创业补贴申请表", stale, version=item.version))
    assert "已被他人修改" in refused
    assert BlankForm.objects.get().name == "申请表.docx"
    item.refresh_from_db()
    removed = client.post(
        f"/staff/banshi/{item.code}/forms/",
        {"material": "创业补贴申请表", "version": item.version, "action": "remove"},
        follow=True,
    )
    assert "已删除材料“创业补贴申请表”的空白表格" in _text(removed)
    assert not BlankForm.objects.exists()


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (SimpleUploadedFile("申请表.doc", b"\xd0\xcf\x11\xe0old word"), "只接受 DOCX、XLSX、PDF"),
        (
            SimpleUploadedFile("申请表.pdf", b"%PDF-1.4\n" + b"0" * MAX_FORM_BYTES),
            "超过 5 MB",
        ),
        (None, "请为材料“创业补贴申请表”选择要上传的空白表格文件"),
    ],
)
def test_a_wrong_upload_says_what_to_fix_and_writes_nothing(
    world, item, login, settings, upload, says
) -> None:
    client = login(world.clerk)
    events = AuditEvent.objects.count()
    page = _text(_post_form(client, item, "创业补贴申请表", upload))
    assert says in page
    assert not BlankForm.objects.exists()
    assert not (settings.MEDIA_ROOT / "banshi").exists()
    assert AuditEvent.objects.count() == events


def test_the_edit_page_saves_and_refuses_a_stale_edit(world, item, login) -> None:
    client = login(world.clerk)
    values = {f: getattr(item, f) for f in FIELDS}
    values["materials"] = materials_text(item)
    saved = client.post(
        f"/staff/banshi/{item.code}/",
        {**values, "time_limit": "10个工作日", "version": item.version},
    )
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.time_limit == "10个工作日"
    assert [m["form_url"] for m in item.materials][2] == "https://forms.example.gov.cn/hmc.xlsx"
    stale = client.post(
        f"/staff/banshi/{item.code}/",
        {**values, "time_limit": "20个工作日", "version": item.version - 1},
    )
    assert stale.status_code == 409
    assert "已被他人修改" in _text(stale)
    item.refresh_from_db()
    assert item.time_limit == "10个工作日"


def test_withdraw_and_scope(world, item, login) -> None:
    other = login(world.other_clerk)  # 民政局: not the office's service
    assert other.get(f"/staff/banshi/{item.code}/").status_code == 404
    assert item.code not in _text(other.get("/staff/banshi/"))
    client = login(world.clerk)
    assert item.code in _text(client.get("/staff/banshi/"))
    done = client.post(
        f"/staff/banshi/{item.code}/withdraw/", {"version": item.version}, follow=True
    )
    assert "已撤下事项" in _text(done)
    assert not ServiceItem.objects.exists()
    assert client.get(f"/banshi/{item.code}/").status_code == 404
    assert AuditEvent.objects.filter(action="banshi.withdraw", object_id=item.code).exists()
