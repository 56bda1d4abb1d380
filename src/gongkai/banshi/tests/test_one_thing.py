"""一件事 guides: the steps in the order they are done, and one combined materials list
(一表申请) with which steps need each material and its blank form."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.management import call_command

from gongkai.banshi.demo import blank_docx
from gongkai.banshi.models import BlankForm, OneThing, ServiceItem
from gongkai.banshi.services import blank_form_set, one_thing_save, service_save
from gongkai.core.errors import ValidationFailed

BASE = {
    "list_kind": "公共服务事项",
    "kind": "公共服务",
    "basis": "《示范区若干规定》",
    "conditions": "本区企业",
    "process": "网上申报—审核",
    "time_limit": "5个工作日",
    "channel": "一网通办",
    "contact": "021-60001000",
}


def _save(world, code, name, materials):
    raw = {**BASE, "code": code, "name": name, "materials": materials}
    return service_save(actor=world.clerk, unit=world.office, raw=raw)


def _steps(html: str) -> list[str]:
    steps = re.search(r'<ol class="steps">(.*?)</ol>', html, re.S)
    assert steps is not None
    return re.findall(r'<a href="/banshi/[^"]+/"><span lang="zh-CN">([^<]+)</span>', steps.group(1))


def test_steps_show_in_the_order_saved_and_materials_once_with_their_steps(world, client) -> None:
    subsidy = _save(world, "GG-1", "创业补贴申领", "1. 补贴申请表\n2. 营业执照（复印件）")
    register = _save(world, "GG-2", "企业开办登记", "1. 设立登记申请书\n2. 公司章程")
    insure = _save(world, "GG-3", "社会保险登记", "1. 社会保险登记表\n2. 营业执照（原件）")
    form = blank_form_set(
        actor=world.clerk,
        item=insure,
        material="社会保险登记表",
        name="社会保险登记表.docx",
        data=blank_docx("社会保险登记表", ["单位名称"]),
        version=insure.version,
    )
    thing = one_thing_save(
        actor=world.clerk,
        unit=world.office,
        title="开办企业一件事",
        summary="登记、参保、补贴",
        codes=[register.code, insure.code, subsidy.code],
    )
    thing.refresh_from_db()
    assert thing.items == ["GG-2", "GG-3", "GG-1"]  # kept as given, not re-sorted
    html = client.get(f"/banshi/yijianshi/{thing.pk}/").content.decode()
    assert _steps(html) == ["企业开办登记", "社会保险登记", "创业补贴申领"]

    box = re.search(r'<ul class="banshi-materials"[^>]*>(.*?)</ul>', html, re.S)
    assert box is not None
    items = re.findall(r"<li>(.*?)</li>", box.group(1), re.S)
    names = [re.search(r'<strong lang="zh-CN">([^<（]+)', i).group(1) for i in items]  # type: ignore[union-attr]
    # the union of the steps' materials, each once, in the order first needed
    assert names == ["设立登记申请书", "公司章程", "社会保险登记表", "营业执照", "补贴申请表"]
    licence = items[3]
    assert "复印件" in licence
    assert "原件" in licence
    assert "第2步" in licence
    assert "第3步" in licence
    assert "第1步" not in licence
    assert f'href="/banshi/GG-3/forms/{form.pk}/"' in items[2]


def test_a_step_named_twice_is_refused(world) -> None:
    a = _save(world, "GG-1", "创业补贴申领", "1. 补贴申请表")
    b = _save(world, "GG-2", "企业开办登记", "1. 公司章程")
    with pytest.raises(ValidationFailed, match="重复"):
        one_thing_save(
            actor=world.clerk,
            unit=world.office,
            title="重复",
            summary="",
            codes=[a.code, b.code, a.code],
        )


@pytest.mark.django_db
def test_the_demo_orders_its_one_thing_and_its_blank_forms_download_offline(client) -> None:
    call_command("demo-data", stdout=io.StringIO())
    thing = OneThing.objects.get(title="开办一家小微企业")
    html = client.get(f"/banshi/yijianshi/{thing.pk}/").content.decode()
    # its summary says 登记 → 参保 → 补贴: the steps go the same way
    assert _steps(html) == ["企业开办登记", "招用员工社会保险登记", "小微企业创业补贴申领"]
    assert "一表申请" in html
    # every demo material that names a form has a real one here, not only a link elsewhere
    named = [(i, m) for i in ServiceItem.objects.all() for m in i.materials if m["form_url"]]
    assert len(named) >= 6
    for item, m in named:
        form = BlankForm.objects.get(service=item, material=m["name"])
        guide = client.get(f"/banshi/{item.code}/").content.decode()
        assert f'href="/banshi/{item.code}/forms/{form.pk}/"' in guide
        body = b"".join(client.get(f"/banshi/{item.code}/forms/{form.pk}/").streaming_content)
        inside = zipfile.ZipFile(io.BytesIO(body)).namelist()
        assert ("word/document.xml" if form.name.endswith(".docx") else "xl/workbook.xml") in inside
