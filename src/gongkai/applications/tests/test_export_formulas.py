"""Issue 13 finding 2: an applicant's text came back as a live formula in the ledger exports."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from gongkai.applications.tests.conftest import submit

pytestmark = pytest.mark.django_db

PAYLOAD = '=1+1+HYPERLINK("https://evil.example/","x")'


@pytest.mark.parametrize("payload", [PAYLOAD, "@SUM(1)", "+1+1", "-1+cmd", "＝1+1"])
def test_an_applicants_formula_comes_back_as_text_in_the_csv_and_the_xlsx(
    world, client, calendar, payload
):
    submit(world, "2024-09-20", values={"information": payload})
    client.force_login(world.head)
    body = client.get(reverse("applications:export-csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    cells = [cell for row in rows[1:] for cell in row if payload.strip() in cell]
    assert cells == ["'" + payload]

    xlsx = client.get(reverse("applications:export-xlsx")).content
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    found = [c for row in ws.iter_rows() for c in row if c.value == payload]
    assert len(found) == 1
    assert found[0].data_type == "s"  # a text cell, never a formula ("f")
    assert found[0].quotePrefix
