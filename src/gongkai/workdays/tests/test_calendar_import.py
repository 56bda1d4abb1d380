"""Loading and correcting a year's arrangement: validated, shows what changed, recomputes."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.workdays.hooks import register_deadline_recomputer, unregister_deadline_recomputer
from gongkai.workdays.models import CalendarDay, CalendarYear

YAML_2027 = """
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知（测试用）
holidays:
  - {date: 2027-01-01, name: 元旦}
  - {start: 2027-02-05, end: 2027-02-11, name: 春节}
  - {start: 2027-10-01, end: 2027-10-07, name: 国庆节}
makeup_workdays:
  - {date: 2027-02-14, name: 春节}
  - {date: 2027-10-09, name: 国庆节}
"""


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def yaml_2027(tmp_path):
    path = tmp_path / "2027.yaml"
    path.write_text(YAML_2027, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_loading_2027_makes_its_deadlines_final(yaml_2027):
    before = json.loads(_deadline("2027-01-20"))
    assert before["provisional"] is True
    out = run("import", str(yaml_2027))
    assert "2027 年：已新载入" in out
    assert "2027年2月5日：（未载入） → 放假（春节）" in out
    assert "放假（春节）" in out
    year = CalendarYear.objects.get(year=2027)
    assert "测试用" in year.source
    after = json.loads(_deadline("2027-01-20"))
    assert after["provisional"] is False
    # 2027-02-05..11 off, Sun 02-14 worked: the deadline differs from the Monday-Friday guess.
    assert after["reply_deadline"] != before["reply_deadline"]
    assert AuditEvent.objects.filter(action="calendar.import", object_id="2027").exists()


def _deadline(received: str) -> str:
    out = io.StringIO()
    call_command("deadline", "--received", received, "--json", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_dry_run_shows_changes_and_writes_nothing(yaml_2027):
    out = run("import", str(yaml_2027), "--dry-run")
    assert "2027 年：将新载入" in out
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.django_db
def test_correcting_a_year_shows_what_changed_and_recomputes_open_deadlines(tmp_path):
    calls: list[str] = []

    def recompute() -> int:
        calls.append("called")
        return 3

    register_deadline_recomputer("test-cases", recompute)
    try:
        path = tmp_path / "fix.csv"
        # Re-state 2026 with one extra (hypothetical) day off on Wed 2026-12-30.
        rows = ["日期,类型,名称"]
        for d in CalendarDay.objects.filter(date__year=2026, kind__in=["holiday", "makeup"]):
            rows.append(f"{d.date},{'放假' if d.kind == 'holiday' else '上班'},{d.reason}")
        rows.append("2026-12-30,放假,测试更正")
        path.write_text("\n".join(rows), encoding="utf-8")
        refused = None
        try:
            run("import", str(path), "--source", "更正通知（测试）")
        except CommandError as exc:
            refused = str(exc)
        out = run("import", str(path), "--source", "更正通知（测试）", "--replace")
    finally:
        unregister_deadline_recomputer("test-cases")
    assert refused is not None
    assert "已经载入" in refused
    assert "--replace" in refused
    assert "2026 年：已更正" in out
    assert "工作日属性改变 1 天" in out
    assert "2026年12月30日：工作日 → 放假（测试更正）" in out
    assert "已重算 test-cases 的期限：3 条" in out
    assert calls == ["called"]
    assert not CalendarDay.objects.get(date=dt.date(2026, 12, 30)).is_working
    assert CalendarYear.objects.get(year=2026).revision == 2
    event = AuditEvent.objects.get(action="calendar.correct")
    assert event.before == {"2026-12-30": "工作日"}


@pytest.mark.django_db
def test_reimporting_the_same_arrangement_changes_nothing(yaml_2027):
    run("import", str(yaml_2027))
    out = run("import", str(yaml_2027))
    assert "没有变化" in out
    assert CalendarYear.objects.get(year=2027).revision == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("日期,类型,名称\n2027-01-04,上班,元旦\n", "a.csv", "调休上班只能安排在周末"),
        ("日期,类型,名称\n2027-01-01,放假,元旦\n2028-01-01,放假,元旦\n", "b.csv", "多个年份"),
        ("日期,类型\n2027-13-01,放假\n", "c.csv", "第 2 行"),
        ("日期,类型,名称\n2027-01-01,休,元旦\n", "d.csv", "应为“放假”或“上班”"),
        ("日期,名称\n2027-01-01,元旦\n", "e.csv", "缺少表头：类型"),
        ("year: 2027\nholidays: [{date: 2027-01-01, name: 元旦}]\n", "f.yaml", "来源通知"),
        ("year: [\n", "g.yaml", "YAML 格式错误"),
        ("x", "h.txt", "请使用 .csv 或 .yaml"),
        (
            "year: 2027\nsource: s\nholiday: [{date: 2027-01-01, name: 元旦}]\n",
            "j.yaml",
            "无法识别的项：holiday",
        ),
        ("year: 2027\nsource: s\nholidays: []\n", "k.yaml", "没有任何放假日期"),
        (
            "year: 2027\nsource: s\nholidays: [{date: 2027-01-01, name: 元旦}]\n",
            "l.yaml",
            "超出常见范围",
        ),
        (
            "year: 2027\nsource: s\nholidays: [{date: 2027-01-01, nmae: 元旦}]\n",
            "m.yaml",
            "无法识别的项 nmae",
        ),
        (
            "year: 2027\nsource: s\nholidays:\n  - {date: 2027-01-01, name: a}\n"
            "  - {date: 2027-01-01, name: b}\n",
            "n.yaml",
            "重复出现",
        ),
        (
            "year: 2027\nsource: s\nholidays: [{date: 2027-01-02, name: a}]\n"
            "makeup_workdays: [{date: 2027-01-02, name: a}]\n",
            "i.yaml",
            "同时被列为放假和调休上班",
        ),
    ],
)
def test_bad_files_are_refused_with_what_to_fix_and_nothing_changes(
    tmp_path, content, name, message
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run("import", str(path), *(["--source", "x"] if name.endswith(".csv") else []))
    assert message in str(exc.value)
    assert "未作任何改动" in str(exc.value)
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_the_staff_page_previews_then_applies(world, client):
    client.force_login(world.admin)
    url = reverse("workbench:calendar-import")

    def upload():
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile("2027.yaml", YAML_2027.encode(), content_type="text/yaml")

    # Confirming without the preview (or with another file) is refused.
    blind = client.post(url, {"file": upload(), "apply": "1"})
    assert "与预览的文件不一致" in blind.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    preview = client.post(url, {"file": upload()})
    assert preview.status_code == 200
    assert "2027 年将发生的变化" in preview.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    digest = preview.context["digest"]
    applied = client.post(url, {"file": upload(), "apply": "1", "previewed": digest})
    assert applied.status_code == 302
    assert CalendarYear.objects.filter(year=2027).exists()
    page = client.get(reverse("workbench:calendar"), {"year": 2027}).content.decode()
    assert "春节" in page


@pytest.mark.django_db
def test_a_clerk_cannot_change_the_calendar(world, client):
    client.force_login(world.clerk)
    assert client.get(reverse("workbench:calendar-import")).status_code == 403
    assert client.get(reverse("workbench:calendar")).status_code == 200


@pytest.mark.django_db
def test_a_rename_or_weekend_relabel_is_listed_apart_and_moves_no_deadline(tmp_path):
    calls: list[int] = []
    register_deadline_recomputer("test-cosmetic", lambda: calls.append(1) or 0)
    try:
        rows = ["日期,类型,名称"]
        for d in CalendarDay.objects.filter(date__year=2025, kind__in=["holiday", "makeup"]):
            name = "国庆假期" if d.reason == "国庆节" else d.reason
            rows.append(f"{d.date},{'放假' if d.kind == 'holiday' else '上班'},{name}")
        path = tmp_path / "rename.csv"
        path.write_text("\n".join(rows), encoding="utf-8")
        out = run("import", str(path), "--source", "更名（测试）", "--replace")
    finally:
        unregister_deadline_recomputer("test-cosmetic")
    assert "工作日属性改变 0 天" in out
    assert "仅说明变化，不影响工作日" in out
    assert calls == []  # nothing that moves a deadline changed
    assert CalendarDay.objects.get(date=dt.date(2025, 10, 1)).reason == "国庆假期"


@pytest.mark.django_db
def test_two_admins_loading_the_same_year_the_second_confirmation_is_refused(world, client):
    """A previews a file; B loads another arrangement of that year; A's confirmation would
    replace B's without A having seen it, so it is refused and A sees a fresh preview."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    url = reverse("workbench:calendar-import")
    yaml_b = YAML_2027.replace(
        "  - {date: 2027-01-01, name: 元旦}",
        "  - {date: 2027-01-01, name: 元旦}\n  - {date: 2027-04-05, name: 清明节}",
    )

    def upload(text: str) -> SimpleUploadedFile:
        return SimpleUploadedFile("2027.yaml", text.encode(), content_type="text/yaml")

    client.force_login(world.admin)
    other = Client()
    other.force_login(world.admin)
    preview_a = client.post(url, {"file": upload(YAML_2027)})
    preview_b = other.post(url, {"file": upload(yaml_b)})
    assert preview_a.context["plan"].revision == preview_b.context["plan"].revision == 0
    applied_b = other.post(
        url,
        {"file": upload(yaml_b), "apply": "1", "previewed": preview_b.context["digest"],
         "revision": 0},
    )  # fmt: skip
    assert applied_b.status_code == 302
    stale = client.post(
        url,
        {"file": upload(YAML_2027), "apply": "1", "previewed": preview_a.context["digest"],
         "revision": 0},
    )  # fmt: skip
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "已被他人更改" in html
    assert "刷新页面查看最新内容后再修改" in html
    # The fresh preview shows what A's file would now change: B's 清明节 would go.
    assert stale.context["plan"].revision == 1
    assert "2027年4月5日" in html
    day = CalendarDay.objects.get(date=dt.date(2027, 4, 5))
    assert (day.kind, day.reason) == ("holiday", "清明节")  # B's arrangement stands
    events = AuditEvent.objects.filter(object_type="calendar_year", object_id="2027")
    assert [e.action for e in events] == ["calendar.import"]
    # Confirming the fresh preview applies A's file knowingly.
    again = client.post(
        url,
        {"file": upload(YAML_2027), "apply": "1", "previewed": stale.context["digest"],
         "revision": 1},
    )  # fmt: skip
    assert again.status_code == 302
    assert CalendarDay.objects.get(date=dt.date(2027, 4, 5)).kind == "workday"
