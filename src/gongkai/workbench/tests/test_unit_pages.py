"""Managing units on the workbench: validation in plain Chinese, no silent overwrite."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.org.models import Unit


def edit_data(client, code: str) -> dict[str, object]:
    form = client.get(reverse("workbench:unit-edit", args=[code])).context["form"]
    return {k: v for k, v in form.initial.items() if v is not None}


@pytest.mark.django_db
def test_an_administrator_adds_a_unit_under_a_parent(world, client):
    client.force_login(world.admin)
    response = client.post(
        reverse("workbench:unit-new"),
        {
            "code": "G0001-03",
            "name": "测试区教育局",
            "kind": "department",
            "parent": world.gov.code,
            "sort_order": 3,
            "email": "jy@example.gov.cn",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="G0001-03")
    assert unit.parent == world.gov
    assert unit.kind == "department"
    listing = client.get(reverse("workbench:units")).content.decode()
    assert "测试区教育局" in listing


@pytest.mark.django_db
def test_missing_and_invalid_fields_are_named(world, client):
    client.force_login(world.admin)
    response = client.post(
        reverse("workbench:unit-new"),
        {"code": "", "name": "", "kind": "department", "sort_order": 0, "email": "bad"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“代码”不能为空" in html
    assert "“名称”不能为空" in html
    assert "电子邮箱格式不对" in html
    dup = client.post(
        reverse("workbench:unit-new"),
        {
            "code": world.civil.code,
            "name": "重复",
            "kind": "department",
            "sort_order": 0,
            "parent": "NOPE",
        },
    ).content.decode()
    assert "上级代码“NOPE”不存在" in dup


@pytest.mark.django_db
def test_two_people_editing_the_same_unit_the_second_gets_a_conflict_and_nothing_is_lost(
    world, client
):
    from django.test import Client

    client.force_login(world.admin)
    other = Client()
    other.force_login(world.admin)
    first = edit_data(client, world.office.code)
    second = edit_data(other, world.office.code)
    first["phone"] = "021-11111"
    assert (
        client.post(reverse("workbench:unit-edit", args=[world.office.code]), first).status_code
        == 302
    )
    second["office_hours"] = "工作日 8:30-17:00"
    response = other.post(reverse("workbench:unit-edit", args=[world.office.code]), second)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    world.office.refresh_from_db()
    assert world.office.phone == "021-11111"  # the first edit survives
    assert world.office.office_hours == ""  # the stale edit was not applied
    assert world.office.version == 2


@pytest.mark.django_db
def test_a_unit_cannot_become_its_own_descendant(world, client):
    client.force_login(world.admin)
    data = edit_data(client, world.office.code)
    data["parent"] = world.division.code
    html = client.post(
        reverse("workbench:unit-edit", args=[world.office.code]), data
    ).content.decode()
    assert "不能把机构设为自己或自己下级机构的下级" in html
    world.office.refresh_from_db()
    assert world.office.parent == world.gov


@pytest.mark.django_db
def test_the_import_page_reports_bad_rows_and_writes_nothing(world, client):
    client.force_login(world.admin)
    bad = SimpleUploadedFile("u.csv", "代码,名称,上级代码\nZ1,,\n".encode())
    html = client.post(reverse("workbench:unit-import"), {"file": bad}).content.decode()
    assert "第 2 行" in html
    assert "未写入任何数据" in html
    assert not Unit.objects.filter(code="Z1").exists()
    good = SimpleUploadedFile("u.csv", f"代码,名称,上级代码\nZ1,新机构,{world.gov.code}\n".encode())
    assert client.post(reverse("workbench:unit-import"), {"file": good}).status_code == 302
    assert Unit.objects.get(code="Z1").parent == world.gov


@pytest.mark.django_db
def test_the_people_page_lists_staff_in_scope_with_their_roles(world, client):
    client.force_login(world.head)
    html = client.get(reverse("workbench:people")).content.decode()
    assert "王经办" in html
    assert "经办人" in html
    assert "李经办" not in html  # another unit's clerk


@pytest.mark.django_db
def test_an_administrator_adds_staff_and_changes_their_roles(world, client):
    from gongkai.audit.models import AuditEvent
    from gongkai.org.access import roles_of
    from gongkai.org.models import User

    client.force_login(world.admin)
    response = client.post(
        reverse("workbench:person-new"),
        {
            "username": "newclerk",
            "full_name": "孙经办",
            "unit": world.civil.code,
            "roles": ["clerk"],
            "password": "a-strong-password-1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert user.unit == world.civil
    assert roles_of(user) == {"clerk"}
    response = client.post(
        reverse("workbench:person-edit", args=["newclerk"]),
        {
            "full_name": "孙审核",
            "unit": world.civil.code,
            "roles": ["reviewer"],
            "is_active": "on",
            "version": 1,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert set(user.role_assignments.values_list("role", flat=True)) == {"reviewer"}
    event = AuditEvent.objects.get(action="staff.update", object_id="newclerk")
    assert event.before["roles"] == ["clerk"]
    assert event.after["roles"] == ["reviewer"]


@pytest.mark.django_db
def test_a_new_person_needs_a_password_and_a_unique_username(world, client):
    client.force_login(world.admin)
    html = client.post(
        reverse("workbench:person-new"),
        {"username": "x1", "full_name": "甲", "unit": world.civil.code, "roles": ["clerk"]},
    ).content.decode()
    assert "至少 8 位" in html
    html = client.post(
        reverse("workbench:person-new"),
        {
            "username": "clerk",
            "full_name": "甲",
            "unit": world.civil.code,
            "roles": ["clerk"],
            "password": "a-strong-password-1",
        },
    ).content.decode()
    assert "已存在" in html


@pytest.mark.django_db
def test_an_administrator_cannot_lock_themselves_out(world, client):
    client.force_login(world.admin)
    html = client.post(
        reverse("workbench:person-edit", args=["admin"]),
        {
            "full_name": "管理员",
            "unit": world.gov.code,
            "roles": ["clerk"],
            "is_active": "on",
            "version": 1,
        },
    ).content.decode()
    assert "不能停用自己或取消自己的系统管理员角色" in html


@pytest.mark.django_db
def test_usernames_and_passwords_are_validated(world, client):
    client.force_login(world.admin)
    base = {"full_name": "甲", "unit": world.civil.code, "roles": ["clerk"]}
    bad_name = client.post(
        reverse("workbench:person-new"),
        {**base, "username": "bad/name x", "password": "a-strong-password-1"},
    ).content.decode()
    assert "用户名“bad/name x”无效" in bad_name
    weak = client.post(
        reverse("workbench:person-new"), {**base, "username": "weak", "password": "12345678"}
    ).content.decode()
    assert "密码不符合要求" in weak
    from gongkai.org.models import User

    assert not User.objects.filter(username__in=["bad/name x", "weak"]).exists()


@pytest.mark.django_db
def test_a_new_password_on_the_edit_page_is_set_and_audited(world, client):
    from gongkai.audit.models import AuditEvent

    client.force_login(world.admin)
    response = client.post(
        reverse("workbench:person-edit", args=["clerk"]),
        {
            "full_name": "王经办",
            "unit": world.office.code,
            "roles": ["clerk"],
            "is_active": "on",
            "password": "new-strong-password-42",
            "version": 1,
        },
    )
    assert response.status_code == 302
    world.clerk.refresh_from_db()
    assert world.clerk.check_password("new-strong-password-42")
    event = AuditEvent.objects.get(action="staff.update", object_id="clerk")
    assert event.after == {"password_changed": True}


@pytest.mark.django_db
def test_saving_a_person_unchanged_writes_no_event(world, client):
    from gongkai.audit.models import AuditEvent

    client.force_login(world.admin)
    client.post(
        reverse("workbench:person-edit", args=["clerk"]),
        {
            "full_name": "王经办",
            "unit": world.office.code,
            "roles": ["clerk"],
            "is_active": "on",
            "version": 1,
        },
    )
    assert not AuditEvent.objects.filter(action="staff.update").exists()


@pytest.mark.django_db
def test_overlong_unit_fields_are_refused_with_the_limit(world, client):
    client.force_login(world.admin)
    data = edit_data(client, world.office.code)
    data["postcode"] = "1" * 13
    html = client.post(
        reverse("workbench:unit-edit", args=[world.office.code]), data
    ).content.decode()
    assert "不超过 10 字符" in html  # the form's own check
    world.office.refresh_from_db()
    assert world.office.postcode == ""
    # Files bypass the form: the service checks every length itself.
    long_name = "很" * 121
    csv = f"代码,名称,上级代码\nZ9,{long_name},{world.gov.code}\n".encode()
    bad = SimpleUploadedFile("u.csv", csv)
    html = client.post(reverse("workbench:unit-import"), {"file": bad}).content.decode()
    assert "“名称”最长 120 个字符，现有 121 个" in html


def person_data(client, username: str) -> dict[str, object]:
    form = client.get(reverse("workbench:person-edit", args=[username])).context["form"]
    return {k: v for k, v in form.initial.items() if v not in (None, False)}


@pytest.mark.django_db
def test_two_people_editing_the_same_person_the_second_gets_a_conflict_and_nothing_is_lost(
    world, client
):
    from django.test import Client

    from gongkai.audit.models import AuditEvent
    from gongkai.org.access import roles_of

    client.force_login(world.admin)
    other = Client()
    other.force_login(world.admin)
    first = person_data(client, "clerk")
    second = person_data(other, "clerk")
    assert first["version"] == second["version"] == 1
    first["roles"] = ["clerk", "reviewer"]
    url = reverse("workbench:person-edit", args=["clerk"])
    assert client.post(url, first).status_code == 302
    second["full_name"] = "王某某"
    second["unit"] = world.civil.code
    response = other.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人修改" in html
    assert "刷新页面查看最新内容后再修改" in html
    assert "王某某" in html  # the second editor's input is still on the form
    world.clerk.refresh_from_db()
    assert world.clerk.full_name == "王经办"  # the stale edit was not applied
    assert world.clerk.unit == world.office
    assert roles_of(world.clerk) == {"clerk", "reviewer"}  # the first edit survives
    assert world.clerk.version == 2
    events = AuditEvent.objects.filter(action="staff.update", object_id="clerk")
    assert [e.after for e in events] == [{"roles": ["clerk", "reviewer"]}]
    # After reloading, the second editor can save on top of the first edit.
    fresh = person_data(other, "clerk")
    assert fresh["version"] == 2
    fresh["full_name"] = "王某某"
    assert other.post(url, fresh).status_code == 302
    world.clerk.refresh_from_db()
    assert world.clerk.full_name == "王某某"
    assert roles_of(world.clerk) == {"clerk", "reviewer"}
