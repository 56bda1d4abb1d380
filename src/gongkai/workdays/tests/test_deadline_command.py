"""``gongkai deadline`` (条例 Art. 33) on the project's own calendar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_reference_example_2024_09_27():
    data = json.loads(run("--received", "2024-09-27", "--json"))
    assert data["received"] == "2024-09-27"
    assert data["reply_deadline"] == "2024-10-30"
    assert data["extended_deadline"] == "2024-11-27"
    assert data["provisional"] is False
    text = "\n".join(data["explanation"])
    assert "国庆节放假" in text
    assert "2024年9月29日（星期日）" in text
    assert "第三十三条" in text


@pytest.mark.django_db
def test_the_reference_example_across_new_year_2026():
    data = json.loads(run("--received", "2025-12-30", "--json"))
    assert data["reply_deadline"] == "2026-01-28"


@pytest.mark.django_db
def test_a_date_in_2027_is_provisional_with_a_clear_note():
    data = json.loads(run("--received", "2027-03-01", "--json"))
    assert data["provisional"] is True
    assert any("2027年的节假日安排尚未载入" in line for line in data["explanation"])


@pytest.mark.django_db
def test_a_pause_moves_both_deadlines_art_33_paragraph_2():
    # 2024-10-08..10-10 are three working days: both deadlines move three working days later.
    data = json.loads(run("--received", "2024-09-27", "--pause", "2024-10-08:2024-10-10", "--json"))
    assert data["reply_deadline"] == "2024-11-04"
    assert data["extended_deadline"] == "2024-12-02"  # 11-27 + 3: 28, 29, (weekend), 12-02
    assert any("暂停计时" in line and "3 天不计入" in line for line in data["explanation"])


@pytest.mark.django_db
def test_bad_input_gets_a_message_saying_what_to_fix():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--received", "2024/13/01")
    with pytest.raises(CommandError, match="开始日期:结束日期"):
        run("--received", "2024-09-27", "--pause", "2024-10-08")
    with pytest.raises(CommandError, match="早于收到申请日期"):
        run("--received", "2024-09-27", "--pause", "2024-09-01:2024-09-02")


@pytest.mark.django_db
def test_plain_output_lists_each_line_of_the_computation():
    out = run("--received", "2024-09-27")
    assert "答复期限：2024-10-30" in out
    assert "延长答复期限：2024-11-27" in out
    assert "计算过程" in out


def test_the_console_command_is_installed_and_lists_its_commands(tmp_path):
    env = {
        **os.environ,
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    env.pop("DATABASE_URL", None)
    gongkai = os.path.join(os.path.dirname(sys.executable), "gongkai")
    out = subprocess.run([gongkai, "help"], capture_output=True, text=True, env=env, check=True)
    for command in ("deadline", "calendar", "units", "demo-data", "serve"):
        assert command in out.stdout
    subprocess.run([gongkai, "migrate", "-v0"], env=env, check=True)
    result = subprocess.run(
        [gongkai, "deadline", "--received", "2024-09-27", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(result.stdout)["reply_deadline"] == "2024-10-30"


@pytest.mark.django_db
def test_dates_outside_the_computable_range_get_a_message_not_a_crash(client):
    with pytest.raises(CommandError, match="超出可计算范围"):
        run("--received", "9999-12-20")
    api = client.get("/api/public/deadline", {"received": "9999-12-20"})
    assert api.status_code == 400
    assert "超出可计算范围" in api.json()["detail"]
    page = client.get("/tools/deadline/", {"received": "9999-12-20"})
    assert page.status_code == 200
    assert "超出可计算范围" in page.content.decode()


@pytest.mark.django_db
def test_overlapping_pauses_count_each_day_once_in_the_explanation():
    data = json.loads(
        run(
            "--received",
            "2024-03-04",
            "--pause",
            "2024-03-06:2024-03-08",
            "--pause",
            "2024-03-07:2024-03-11",
            "--json",
        )
    )
    lines = [line for line in data["explanation"] if "暂停计时" in line]
    # 03-06..03-08 are 3 days; the second pause adds only 03-09..03-11 (3 more days).
    assert "其间 3 天不计入" in lines[0]
    assert "其间 3 天不计入" in lines[1]
    # Two overlapping pauses stop the clock exactly like one pause over their union.
    union = json.loads(
        run("--received", "2024-03-04", "--pause", "2024-03-06:2024-03-11", "--json")
    )
    assert data["reply_deadline"] == union["reply_deadline"]
