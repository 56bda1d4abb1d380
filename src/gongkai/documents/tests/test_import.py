"""``gongkai import documents``: schema files, per-row errors, all-or-nothing batches, idempotent
re-runs, and the lawrefbook corpus."""

from __future__ import annotations

import datetime
import gzip
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.documents import publication, selectors
from gongkai.documents.lawrefbook import parse_record
from gongkai.documents.models import Document, OutboxEvent, PublicationLogEntry, State

LAWS = Path(__file__).resolve().parents[5] / "shared" / "data" / "laws" / "laws.jsonl.gz"

ROWS = [
    {"外部编号": "A-1", "标题": "关于做好2025年防汛工作的通知", "发文字号": "测政办发[2025]12号", "发文机关": "测试区人民政府办公室、测试区水务局",
     "成文日期": "2025-04-01", "发布日期": "2025-04-03", "主题分类": "0103", "条例第二十条事项": "12", "关键词": "防汛 应急", "政策标签": "应急管理", "正文": "<p>各街道：</p>"},
    {"外部编号": "A-2", "标题": "测试区城乡居民最低生活保障实施办法", "发文字号": "测政规〔2024〕2号", "规范性文件": "是",
     "成文日期": "2024-06-01", "发布日期": "2024-06-05", "实施日期": "2024-07-01", "有效性": "有效", "主题分类": "民政、扶贫、救灾\\社会救助", "条例第二十条事项": "1"},
]  # fmt: skip


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    import csv

    headers = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, headers)
        w.writeheader()
        w.writerows(rows)
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import", "documents", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_csv_import_publishes_documents_and_a_second_run_adds_nothing(world, tmp_path, client):
    f = _write_csv(tmp_path / "docs.csv", ROWS)
    text = _run(str(f), "--unit", world.office.code)
    assert "新增 2 件" in text
    assert "有发文字号：2（100%）" in text
    doc = Document.objects.get(import_key="A-1")
    assert doc.doc_number == "测政办发〔2025〕12号"
    assert [i.name for i in doc.issuers.all()] == ["测试区人民政府办公室", "测试区水务局"]
    assert doc.index_number == f"{world.office.code}/2025-00001"
    assert doc.is_public
    assert doc.state == State.PUBLISHED
    assert AuditEvent.objects.filter(action="document.import", object_id=str(doc.pk)).exists()
    assert OutboxEvent.objects.filter(document=doc, action="publish").exists()
    assert publication.verify_chain().ok
    assert client.get(reverse("documents:detail", args=[doc.pk])).status_code == 200
    counts = (
        Document.objects.count(),
        PublicationLogEntry.objects.count(),
        AuditEvent.objects.count(),
    )
    again = _run(str(f), "--unit", world.office.code)
    assert "新增 0 件，已存在跳过 2 件" in again
    assert (
        Document.objects.count(),
        PublicationLogEntry.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_xlsx_and_jsonl_imports_use_the_same_schema(world, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    headers = ["外部编号", "标题", "成文日期", "发布日期"]
    ws.append(headers)
    ws.append(["X-1", "表格导入的公告", datetime.date(2025, 1, 2), datetime.date(2025, 1, 3)])
    wb.save(tmp_path / "docs.xlsx")
    assert "新增 1 件" in _run(str(tmp_path / "docs.xlsx"), "--unit", world.office.code)
    (tmp_path / "docs.jsonl").write_text(
        json.dumps(
            {
                "key": "J-1",
                "title": "JSON 导入的通知",
                "written_on": "2025-02-01",
                "issuers": ["测试区民政局"],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    assert "新增 1 件" in _run(str(tmp_path / "docs.jsonl"), "--unit", world.office.code)
    assert Document.objects.get(import_key="J-1").issuers.get().name == "测试区民政局"


@pytest.mark.django_db
def test_row_errors_name_their_line_and_keep_the_whole_batch_out(world, tmp_path):
    rows = [
        *ROWS,
        {"外部编号": "B-3", "标题": "", "成文日期": "2025-13-40", "发文字号": "乱写的字号"},
    ]
    f = _write_csv(tmp_path / "bad.csv", rows)
    out = io.StringIO()
    with pytest.raises(CommandError, match="出错"):
        call_command("import", "documents", str(f), "--unit", world.office.code, stdout=out)
    text = out.getvalue()
    assert "第 4 行：“标题”不能为空" in text
    assert "第 4 行：成文日期“2025-13-40”不是有效日期" in text
    assert "第 4 行：发文字号“乱写的字号”格式不对" in text
    assert Document.objects.count() == 0  # the batch with the bad row wrote nothing
    ok = _run(
        str(_write_csv(tmp_path / "fixed.csv", ROWS)),
        "--unit",
        world.office.code,
        "--batch-size",
        "1",
    )
    assert "新增 2 件" in ok


@pytest.mark.django_db
def test_unknown_headers_and_formats_are_refused(world, tmp_path):
    f = _write_csv(tmp_path / "odd.csv", [{"标题": "x", "神秘列": "y"}])
    with pytest.raises(CommandError, match="无法识别的表头：神秘列"):
        _run(str(f))
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(CommandError, match="不支持的文件类型"):
        _run(str(tmp_path / "a.txt"))


@pytest.mark.parametrize(
    ("history", "issuer", "number"),
    [
        (
            ["2022年5月26日 国家市场监督管理总局令第57号公布", "2022年7月1日 施行"],
            "国家市场监督管理总局",
            "国家市场监督管理总局令第57号",
        ),
        (
            ["2011年11月17日 上海市第十三届人民代表大会常务委员会第三十次会议通过"],
            "上海市人民代表大会常务委员会",
            "",
        ),
        (
            [
                "2012年2月15日 国务院第192次常务会议通过",
                "2012年2月23日 中华人民共和国国务院令第614号公布",
            ],
            "国务院",
            "中华人民共和国国务院令第614号",
        ),
        (["2011年2月28日 最高人民法院公告公布"], "最高人民法院", ""),
        (
            ["2021年1月1日 最高人民法院审判委员会第1823次会议通过", "法释〔2021〕11号"],
            "最高人民法院审判委员会",
            "法释〔2021〕11号",
        ),
        ([], "国务院", ""),
    ],
)
def test_lawrefbook_history_lines_give_issuer_and_number(history, issuer, number):
    row = parse_record({"title": "某条例", "history": history, "level": "行政法规", "publish_date": "2022-05-26",
                        "valid_from": None, "expired": False, "source_path": "x.md", "body_markdown": "## 第一章\n\n第一条 ……"})  # fmt: skip
    assert row["issuers"] == [issuer]
    assert row["doc_number"] == number
    assert row["validity"] == "有效"


def test_lawrefbook_dates_and_expiry():
    row = parse_record({"title": "旧条例", "history": ["1990年6月7日 国务院发布", "2005年8月20日 修订"], "level": "行政法规",
                        "publish_date": None, "valid_from": "", "expired": True, "source_path": "y.md", "body_markdown": ""})  # fmt: skip
    assert row["written_on"] == datetime.date(1990, 6, 7)
    assert row["published_on"] == datetime.date(1990, 6, 7)
    assert row["validity"] == "失效"
    # a State Council regulation is not the importing unit's 行政规范性文件
    assert row["is_normative"] is False


@pytest.mark.skipif(not LAWS.exists(), reason="../shared/data is not beside this checkout")
@pytest.mark.django_db
def test_importing_the_laws_corpus_succeeds_with_a_summary_and_a_second_run_adds_nothing(
    world, tmp_path
):
    source = LAWS
    expected = 3475
    if connection.vendor != "sqlite":  # the full corpus runs once, in the SQLite leg
        source = tmp_path / "laws300.jsonl.gz"
        with (
            gzip.open(LAWS, "rt", encoding="utf-8") as src,
            gzip.open(source, "wt", encoding="utf-8") as dst,
        ):
            for i, line in enumerate(src):
                if i == 300:
                    break
                dst.write(line)
        expected = 300
    text = _run(str(source), "--format", "lawrefbook", "--unit", world.gov.code)
    assert f"读取 {expected} 行：新增 {expected} 件" in text
    assert "有发文机关" in text
    assert "发文机关（前 10）：" in text
    assert Document.objects.count() == expected
    lapsed = Document.objects.filter(validity="失效")
    if expected == 3475:
        assert lapsed.count() == 139
        assert Document.objects.filter(issuers__name="国务院").count() > 500
    assert all(d.state == State.LAPSED for d in lapsed[:20])
    # laws are not the unit's normative documents: none on its 现行有效规范性文件 list
    assert not selectors.current_normative().exists()
    again = _run(str(source), "--format", "lawrefbook", "--unit", world.gov.code)
    assert f"新增 0 件，已存在跳过 {expected} 件" in again
    assert Document.objects.count() == expected


@pytest.mark.django_db
def test_a_corpus_record_without_any_date_keeps_its_publication_date_unknown(
    world, tmp_path, client
):
    rec = {"title": "无日期的条例", "history": [], "level": "地方性法规", "category": "上海", "publish_date": None,
           "valid_from": None, "expired": False, "source_path": "z.md", "body_markdown": "第一条 ……"}  # fmt: skip
    f = tmp_path / "one.jsonl"
    f.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    _run(str(f), "--format", "lawrefbook", "--unit", world.gov.code)
    doc = Document.objects.get(title="无日期的条例")
    assert doc.published_on is None
    assert doc.index_number.startswith(f"{world.gov.code}/")
    html = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert '<th scope="row">发布日期</th><td>—</td>' in html
