"""One table of bad inputs run through every ``gongkai import <kind>`` (issue 13 finding 8).

Malformed, empty, over-long and wrongly encoded files: each importer refuses them with a Chinese
message naming the line where there is one, exits non-zero (CommandError: the command's exit
status 1) and writes nothing. A kind a case cannot apply to (the annual report reads only XLSX
figures, so it has no CSV cells or JSON lines) is listed with the reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.applications.models import Application
from gongkai.core.importers import registered_importers
from gongkai.documents.models import Document
from gongkai.org.tabular import MAX_CELL_CHARS
from gongkai.reports.models import AnnualReport
from gongkai.testing import World

pytestmark = pytest.mark.django_db

APPLICATION_HEADER = "收到日期,申请人类型,申请内容,办结日期,办理结果\n"
APPLICATION_ROW = "2024-01-05,自然人,2023年低保资金发放明细,2024-01-30,予以公开\n"
DOCUMENT_HEADER = "标题,发布日期\n"
DOCUMENT_ROW = "测试区通知,2024-01-05\n"
LONG = "长" * (MAX_CELL_CHARS + 1)
NOT_TEXT = b"\x00\x81\xff\xfa\x80" * 50  # no UTF-8, no GBK, a NUL: not a text file

# kind → (extra arguments, the header and a good row of its CSV or None when it reads no CSV)
KINDS: dict[str, tuple[Callable[[World], list[str]], tuple[str, str] | None]] = {
    "applications": (lambda w: ["--unit", w.office.code], (APPLICATION_HEADER, APPLICATION_ROW)),
    "documents": (lambda w: ["--unit", w.office.code], (DOCUMENT_HEADER, DOCUMENT_ROW)),
    "annual-report": (lambda w: ["--unit", w.office.code, "--year", "2023"], None),
    "catalogue": (
        lambda w: ["--unit", w.office.code],
        (
            "序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,\n"
            ",一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,区级,街镇级\n",
            "1,机构信息,机构职能,职能,条例,实时,办公室,网站,√,,√,,√,\n",
        ),
    ),
    "thematic": (
        lambda w: ["--unit", w.office.code, "--column", "public-institution"],
        (
            "标题,服务内容,收费标准,服务网点,联系方式,投诉渠道\n",
            "自来水公司,供水,阶梯水价,营业厅,021-1,12345\n",
        ),
    ),
    "workplan": (
        lambda w: ["--unit", w.office.code, "--year", "2026"],
        ("序号,任务,责任单位,完成时限\n", "1,公开目录,测试区人民政府办公室,6月30日前\n"),
    ),
    "decisions": (
        lambda w: ["--unit", w.office.code, "--year", "2026"],
        ("决策事项,承办单位\n", "老旧小区改造三年行动计划,测试区住房保障局\n"),
    ),
    "services": (
        lambda w: ["--unit", w.office.code],
        (
            "事项编码,事项名称,清单类型,事项类型,设定依据,受理条件,申请材料,办理流程,办理时限,收费标准,办理渠道,在线办理地址,咨询电话\n",
            "XK-001,创业补贴申领,公共服务事项,行政给付,《促进创业若干措施》,小微企业,申请表,网上申请,15个工作日,不收费,一网通办,,021-1\n",
        ),
    ),
    "messages": (
        lambda w: ["--unit", w.office.code, "--channel", "12345"],
        (
            "编号,收到时间,姓名,电话,标题,内容,是否公开\n",
            "GD2026001,2026-03-02 10:00,张三,13812345678,路灯不亮,幸福路路灯不亮,是\n",
        ),
    ),
}


def _case_files(kind: str) -> list[tuple[str, str, bytes, list[str]]]:
    """(case, file name, content, what the message must say)."""
    csv = KINDS[kind][1]
    cases = [
        (
            "corrupt xlsx",
            "表.xlsx",
            b"PK\x03\x04this is not really a workbook",
            ["表.xlsx", "损坏"],
        ),
        ("not a zip at all", "表.xlsx", b"just text, saved as .xlsx", ["表.xlsx", "损坏"]),
        ("empty xlsx", "空.xlsx", b"", ["空.xlsx", "是空的"]),
    ]
    if csv is not None:
        header, row = csv
        cases += [
            ("empty csv", "空.csv", b"", ["是空的"]),
            ("header only", "表头.csv", header.encode(), ["只有表头"]),
            (
                "over-long cell",
                "长.csv",
                (header + row + row.replace("\n", "") + LONG + "\n").encode(),
                [f"第 {header.count(chr(10)) + 2} 行", f"超过 {MAX_CELL_CHARS} 个字符"],
            ),
            ("wrongly encoded csv", "乱码.csv", NOT_TEXT, ["乱码.csv", "编码无法识别"]),
        ]
    if kind == "documents":
        good = '{"title": "测试区通知", "published_on": "2024-01-05"}\n'
        cases += [
            ("empty jsonl", "空.jsonl", b"", ["没有任何记录"]),
            ("bad json line", "坏.jsonl", (good + "{bad json\n").encode(), ["第 2 行", "本批（自第 1 行起）"]),
            ("only a bad line", "坏.jsonl", b"[1, 2]\n", ["第 1 行", "本批（自第 1 行起）"]),
            ("wrongly encoded jsonl", "乱码.jsonl", NOT_TEXT + b"\n", ["第 1 行", "编码无法识别"]),
        ]  # fmt: skip
    return cases


TABLE = [(kind, *case) for kind in KINDS for case in _case_files(kind)]


def test_the_table_covers_every_registered_importer():
    assert set(KINDS) == set(registered_importers())


def _counts() -> tuple[int, int, int]:
    return Document.objects.count(), Application.objects.count(), AnnualReport.objects.count()


@pytest.mark.parametrize(
    ("kind", "case", "name", "content", "says"), TABLE, ids=[f"{t[0]}: {t[1]}" for t in TABLE]
)
def test_a_bad_file_is_refused_in_chinese_and_writes_nothing(
    world, tmp_path: Path, kind, case, name, content, says
):
    path = tmp_path / name
    path.write_bytes(content)
    before = _counts()
    out = io.StringIO()
    with pytest.raises(CommandError) as err:
        call_command("import", kind, str(path), *KINDS[kind][0](world), stdout=out)
    said = out.getvalue() + str(err.value)
    for words in says:
        assert words in said, said[:2000]
    assert "?" not in said.replace("？", "")
    assert re.search(r"[\u4e00-\u9fff]", str(err.value))
    for english in ("Traceback", "Error", "File is not a zip", "field larger", "codec"):
        assert english not in said
    assert _counts() == before


def test_a_gbk_csv_is_read_as_gbk(world, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((APPLICATION_HEADER + APPLICATION_ROW).encode("gbk"))
    out = io.StringIO()
    call_command("import", "applications", str(path), "--unit", world.office.code, stdout=out)
    assert Application.objects.get().information == "2023年低保资金发放明细"


def test_a_gbk_jsonl_is_read_as_gbk(world, tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes('{"title": "测试区通知", "published_on": "2024-01-05"}\n'.encode("gbk"))
    call_command(
        "import", "documents", str(path), "--unit", world.office.code, stdout=io.StringIO()
    )
    assert Document.objects.get().title == "测试区通知"
