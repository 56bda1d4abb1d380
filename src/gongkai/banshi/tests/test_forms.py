"""Blank forms (issue 18: "materials with downloadable blank forms"): staff upload, replace and
remove a material's form (checked, audited, version-checked); the guide offers it for download
under its own name and type; an external form address stays possible."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.banshi.demo import blank_docx, blank_xlsx
from gongkai.banshi.models import BlankForm
from gongkai.banshi.services import (
    MAX_FORM_BYTES,
    blank_form_remove,
    blank_form_set,
    service_save,
)
from gongkai.core.errors import AccessDenied, ConflictError, ValidationFailed

SERVICE = {
    "code": "11310101MB-GG-801",
    "name": "小微企业创业补贴申领",
    "list_kind": "公共服务事项",
    "kind": "行政给付",
    "basis": "《示范区促进创业若干措施》",
    "conditions": "在本区登记注册不满三年的小微企业",
    "materials": "1. 创业补贴申请表\n2. 营业执照（复印件）\n3. 职工花名册|https://forms.example.gov.cn/hmc.xlsx",
    "process": "网上申请—审核—公示—拨付",
    "time_limit": "15个工作日",
    "channel": "一网通办",
    "contact": "021-60001234",
}


@pytest.fixture
def item(world):
    return service_save(actor=world.clerk, unit=world.office, raw=SERVICE)


def _stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT / "banshi" / "forms"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_an_uploaded_form_is_downloaded_from_the_guide(world, item, client, settings) -> None:
    data = blank_docx("创业补贴申请表", ["申请单位", "联系电话"])
    form = blank_form_set(
        actor=world.clerk,
        item=item,
        material="创业补贴申请表",
        name="创业补贴申请表.docx",
        data=data,
        version=item.version,
    )
    guide = client.get(f"/banshi/{item.code}/").content.decode()
    link = f'href="/banshi/{item.code}/forms/{form.pk}/"'
    assert link in guide
    assert "（DOCX，" in guide
    # the material without an upload keeps its external form address
    assert 'href="https://forms.example.gov.cn/hmc.xlsx"' in guide

    response = client.get(f"/banshi/{item.code}/forms/{form.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E5%88%9B%E4%B8%9A" in disposition  # 创业补贴申请表.docx
    body = b"".join(response.streaming_content)
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    # another service's code does not reach it
    assert client.get(f"/banshi/OTHER/forms/{form.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="banshi.blank_form_set", object_id=item.code).exists()


def test_replace_and_remove_are_audited_and_version_checked(
    world, item, settings, django_capture_on_commit_callbacks
) -> None:
    first = blank_form_set(
        actor=world.clerk,
        item=item,
        material="职工花名册",
        name="花名册.xlsx",
        data=blank_xlsx("职工花名册", ["姓名"]),
        version=item.version,
    )
    item.refresh_from_db()
    seen = item.version
    with pytest.raises(ConflictError, match="已被他人修改"):
        blank_form_set(
            actor=world.clerk,
            item=item,
            material="职工花名册",
            name="花名册2.xlsx",
            data=blank_xlsx("职工花名册", ["姓名", "岗位"]),
            version=seen - 1,
        )
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes on commit
        second = blank_form_set(
            actor=world.clerk,
            item=item,
            material="职工花名册",
            name="花名册2.xlsx",
            data=blank_xlsx("职工花名册", ["姓名", "岗位"]),
            version=seen,
        )
    assert list(BlankForm.objects.values_list("pk", flat=True)) == [second.pk]
    assert not BlankForm.objects.filter(pk=first.pk).exists()
    assert _stored_files(settings) == [second.file.name.rsplit("/", 1)[-1]]  # the old file gone
    item.refresh_from_db()
    with pytest.raises(AccessDenied):
        blank_form_remove(
            actor=world.other_clerk, item=item, material="职工花名册", version=item.version
        )
    with django_capture_on_commit_callbacks(execute=True):
        blank_form_remove(actor=world.clerk, item=item, material="职工花名册", version=item.version)
    assert not BlankForm.objects.exists()
    assert _stored_files(settings) == []
    actions = list(
        AuditEvent.objects.filter(object_id=item.code, action__startswith="banshi.blank_form")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["banshi.blank_form_set", "banshi.blank_form_set", "banshi.blank_form_remove"]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("申请表.exe", b"MZ\x90\x00", "类型不支持：只接受 DOCX、XLSX、PDF 文件"),
        ("申请表.docx", b"not a zip at all", "内容与扩展名 .docx 不符"),
        ("申请表.pdf", b"", "是空文件"),
        ("申请表.pdf", b"%PDF-1.4\n" + b"0" * MAX_FORM_BYTES, "超过 5 MB"),
    ],
)
def test_a_wrong_or_too_large_file_is_refused_in_plain_chinese_and_nothing_is_written(
    world, item, settings, name, data, says
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        blank_form_set(
            actor=world.clerk,
            item=item,
            material="创业补贴申请表",
            name=name,
            data=data,
            version=item.version,
        )
    assert says in exc.value.message
    assert not BlankForm.objects.exists()
    assert _stored_files(settings) == []
    assert AuditEvent.objects.count() == events
    item.refresh_from_db()
    assert item.version == 0


def test_a_renamed_material_takes_its_form_with_it(
    world, item, settings, django_capture_on_commit_callbacks
) -> None:
    blank_form_set(
        actor=world.clerk,
        item=item,
        material="创业补贴申请表",
        name="申请表.docx",
        data=blank_docx("创业补贴申请表", ["申请单位"]),
        version=item.version,
    )
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        service_save(
            actor=world.clerk,
            unit=world.office,
            raw={**SERVICE, "materials": "1. 补贴申请书\n2. 营业执照（复印件）"},
            version=item.version,
        )
    assert not BlankForm.objects.exists()
    assert _stored_files(settings) == []
