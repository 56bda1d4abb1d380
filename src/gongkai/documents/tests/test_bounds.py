"""Issue 13 finding 3: out-of-range numbers in a public URL reached the database (500)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API = [
    ("/api/public/documents?year=10000", "“year”应不大于 2100"),
    ("/api/public/documents?year=99999999999", "“year”应不大于 2100"),
    ("/api/public/documents?year=-5520135855", "“year”应不小于 1900"),
    ("/api/public/documents?offset=99999999999999999999", "“offset”应不大于"),
    ("/api/public/documents?offset=-1", "“offset”应不小于 0"),
    ("/api/public/documents?limit=0", "“limit”应不小于 1"),
    ("/api/public/documents?art20=99999999999999999999", "“art20”应不大于 15"),
    ("/api/public/documents/99999999999999999999", "“doc_id”应不大于"),
    ("/api/public/search?q=a&page=99999999999999999999", "“page”应不大于"),
]
PAGES = [
    ("/xxgk/documents/?year=10000", "“年份”应为 1900 至 2100 之间的整数"),
    ("/xxgk/documents/?year=99999999999", "“年份”应为 1900 至 2100 之间的整数"),
    ("/xxgk/documents/?year=-5520135855", "“年份”应为 1900 至 2100 之间的整数"),
    ("/xxgk/documents/?year=abc", "“年份”应为 1900 至 2100 之间的整数"),
    ("/xxgk/documents/?art20=99999999999999999999", "“第二十条事项”应为 1 至 15 之间的整数"),
]


@pytest.mark.parametrize(("url", "says"), API)
def test_the_api_refuses_an_out_of_range_number_with_a_chinese_400(url, says):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400, response.content
    assert says in response.json()["message"]


@pytest.mark.parametrize(("url", "says"), PAGES)
def test_a_page_refuses_an_out_of_range_number_with_a_chinese_400(url, says):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    assert says in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/api/public/documents?year=2024&offset=0&limit=200", "/xxgk/documents/?year=2024&art20=15"],
)
def test_numbers_within_their_range_are_accepted(url):
    assert Client().get(url).status_code == 200
