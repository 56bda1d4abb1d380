"""Fixtures for the report tests: a calendar, a year of applications and documents made through
the other modules' own import commands (never raw ORM writes)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.core.middleware import acting_through
from gongkai.documents.importing import documents_import
from gongkai.portal.tests.conftest import (  # noqa: F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

# A year of applications to the office (收到日期, 申请人类型, 申请内容, 办结日期, 办理结果, 复议, 诉讼).
# Hand counts for 2024 are in test_table3.py.
APPLICATIONS = """收到日期,申请人类型,申请内容,办结日期,办理结果,复议结果,诉讼结果
2023-05-01,自然人,P4 上年收到上年办结,2023-06-01,予以公开,,
2023-11-20,自然人,P1 上年收到本年公开,2024-01-15,予以公开,,
2023-12-10,商业企业,P2 上年收到本年部分公开,2024-02-01,部分公开,,
2023-12-15,法律服务机构,P3 上年收到至今未办结,,,,
2024-01-10,自然人,A1 本年公开,2024-02-01,予以公开,,
2024-01-11,自然人,A2 本年部分公开（多项内容，区分处理）,2024-02-02,部分公开,,
2024-02-01,自然人,A3 国家秘密,2024-03-01,属于国家秘密,,
2024-02-02,商业企业,A4 第三方权益,2024-03-01,保护第三方合法权益,,
2024-03-01,科研机构,A5 不掌握,2024-03-20,本机关不掌握相关政府信息,,
2024-03-02,社会公益组织,A6 重复申请,2024-04-01,重复申请,,
2024-04-01,法律服务机构,A7 逾期不补正,2024-05-01,申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请,,
2024-05-01,其他,A8 撤回,2024-06-01,其他,,
2024-06-01,商业企业,A9 本年公开,2024-07-01,予以公开,,
2024-12-20,自然人,A10 年底未办结,,,,
2024-12-25,其他,A11 次年办结,2025-01-10,予以公开,,
2024-07-01,自然人,A12 另行制作,2024-08-01,没有现成信息需要另行制作,,
2024-08-01,科研机构,A13 过程性信息（复议维持）,2024-09-01,属于四类过程性信息,维持,
2024-09-01,自然人,A14 部分公开（直接起诉未审结）,2024-10-01,部分公开,,尚未审结
"""

DOCUMENTS = [
    {
        "key": "D1",
        "title": "测试区某管理办法",
        "doc_kind": "规章",
        "written_on": "2024-03-01",
        "published_on": "2024-03-05",
        "art20_item": 1,
    },
    {
        "key": "D2",
        "title": "测试区旧管理办法",
        "doc_kind": "规章",
        "written_on": "2020-01-01",
        "published_on": "2020-01-05",
        "validity": "废止",
        "expires_on": "2024-06-30",
        "art20_item": 1,
    },
    {
        "key": "D3",
        "title": "关于规范某事项的通知",
        "doc_kind": "规范性文件",
        "is_normative": True,
        "written_on": "2024-02-01",
        "published_on": "2024-02-03",
        "art20_item": 1,
    },
    {
        "key": "D4",
        "title": "关于另一事项的规定",
        "doc_kind": "规范性文件",
        "is_normative": True,
        "written_on": "2019-05-01",
        "published_on": "2019-05-06",
        "art20_item": 1,
    },
    {
        "key": "D5",
        "title": "有效期至2025年的办法",
        "doc_kind": "规范性文件",
        "is_normative": True,
        "written_on": "2022-01-01",
        "published_on": "2022-01-04",
        "validity": "失效",
        "expires_on": "2025-03-01",
        "art20_item": 1,
    },
    {
        "key": "D6",
        "title": "关于召开会议的通知",
        "doc_kind": "通知",
        "written_on": "2024-01-01",
        "published_on": "2024-03-20",
        "art20_item": 2,
    },
    {
        "key": "I1",
        "title": "图解：测试区某管理办法",
        "doc_kind": "政策解读",
        "is_interpretation": True,
        "interpretation_form": "图解",
        "written_on": "2024-03-05",
        "published_on": "2024-03-05",
        "art20_item": 1,
    },
    {
        "key": "I2",
        "title": "解读：关于规范某事项的通知",
        "doc_kind": "政策解读",
        "is_interpretation": True,
        "interpretation_form": "文字",
        "written_on": "2024-02-03",
        "published_on": "2024-02-03",
        "art20_item": 1,
    },
]


@pytest.fixture
def calendar(db):
    with acting_through("cli"):
        for year in (2023, 2024, 2025):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)


def import_applications(unit_code: str, tmp_path: Path, text: str = APPLICATIONS) -> None:
    path = tmp_path / f"applications-{unit_code}.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import", "applications", str(path), "--unit", unit_code, stdout=io.StringIO())


def import_documents(world, tmp_path: Path, rows=DOCUMENTS) -> None:
    path = tmp_path / "documents.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    with acting_through("cli"):
        summary = documents_import(actor=world.admin, unit=world.office, path=path)
    assert summary.created == len(rows), summary.errors


@pytest.fixture
def year_of_records(world, calendar, tmp_path):
    import_applications(world.office.code, tmp_path)
    import_documents(world, tmp_path)
    return world
