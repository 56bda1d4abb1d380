"""The public privacy scan for FAQ (sibling of applications/tests/test_privacy.py): distinctive
personal data typed into the question and the reply an entry is made from never reaches a public
page, the printable list, the XLSX export, the search index or the public API."""

from __future__ import annotations

import io

import openpyxl

from gongkai.applications.tests.test_privacy import _public_paths
from gongkai.applications.tests.test_privacy import _scan as _scan_applicant
from gongkai.faq import search_source, services
from gongkai.workbench.tests.test_role_matrix import api_routes

NAME = "龘靐齉測試人"
ID_NUMBER = "11010119800101999X"
PHONE = "13712345678"
EMAIL = "zzq-secret-applicant@example.net"
ADDRESS = "秘密市隐私路888号"


def _scan(label: str, body: str | bytes) -> None:
    """The applications' needles (the same name, ID number, phone, e-mail) and this address."""
    _scan_applicant(label, body)
    text = body if isinstance(body, str) else body.decode("utf-8", "replace")
    assert "隐私路888号" not in text, f"{label} leaks the address"


def test_no_public_response_contains_personal_data_typed_into_an_faq(world, client, policy):
    e = services.faq_create_from_reply(
        actor=world.reviewer,
        question=f"我是{NAME}，身份证{ID_NUMBER}，低保怎么申请？",
        answer=f"{NAME}您好：请到街道申请，我们已电话{PHONE}联系您，材料可寄往{ADDRESS}，"
        f"或发邮件到{EMAIL}。",
        unit=world.office,
        documents=[policy],
        topic="社会救助",
        names=[NAME],
    )
    scanned = 0
    paths = {*_public_paths(), f"/faq/{e.pk}/", f"/xxgk/documents/{policy.pk}/"}
    for path in sorted(paths):
        r = client.get(path)
        if r.status_code == 200 and not r.streaming:
            if path.endswith(".xlsx"):
                wb = openpyxl.load_workbook(io.BytesIO(r.content))
                text = "\n".join(
                    str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row
                )
                assert "低保怎么申请" in text
                _scan(path, text)
            else:
                _scan(path, r.content)
            scanned += 1
    for method, path, _view in api_routes():
        if method == "GET" and path.startswith("/api/public/faq"):
            path = path.replace("{entry_id}", str(e.pk))
            r = client.get(path, {"q": "低保怎么申请"} if path.endswith("suggest") else {})
            assert r.status_code == 200, path
            _scan(path, r.content)
            scanned += 1
    for record in search_source.all_records():
        _scan("search record", f"{record.title}\n{record.body}")
    assert scanned >= 8
