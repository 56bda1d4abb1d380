"""Dates read one way (decision 0018, docs/decisions/0018-date-formats.md): the long form of
the page's language in running text, headings, metadata and lists (2026年12月6日 / 6 December
2026), ISO 8601 only in table columns and machine-readable values, never both in one table,
and never a padded Chinese month or day. Checked on the demo district's public site in Chinese
and in English and on its staff pages, with the checker in date_styles.py beside this file.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from gongkai.formats import cn_date, long_date
from gongkai.org.models import User
from gongkai.portal.tests.date_styles import PUBLIC_SKIP, STAFF_SKIP, check_html, walk
from gongkai.portal.tests.english_walk import start_urls


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    with translation.override(settings.LANGUAGE_CODE):
        yield


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


D = datetime.date(2026, 9, 5)
AT = datetime.datetime(2026, 9, 5, 6, 7, tzinfo=datetime.UTC)  # 14:07 in Beijing


def test_the_long_and_short_forms_per_language():
    source = (
        '{{ d|date }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ at|date:"DATETIME_FORMAT" }}|'
        '{{ at|date:"SHORT_DATETIME_FORMAT" }}|{{ d|date:"MONTH_DAY_FORMAT" }}|{{ d }}'
    )
    with translation.override("zh-hans"):
        assert render(source, d=D, at=AT) == (
            "2026年9月5日|2026-09-05|2026年9月5日 14:07|2026-09-05 14:07|9月5日|2026年9月5日"
        )
        assert long_date(D) == "2026年9月5日"
        # a moment late in the evening in Beijing is that day, not UTC's
        late = datetime.datetime(2026, 9, 5, 16, 30, tzinfo=datetime.UTC)
        assert long_date(late) == "2026年9月6日"
    with translation.override("en"):
        assert render(source, d=D, at=AT) == (
            "5 September 2026|2026-09-05|5 September 2026, 14:07|2026-09-05 14:07|5 September|"
            "5 September 2026"
        )
        assert long_date(D) == "5 September 2026"
        assert cn_date(D) == "2026年9月5日"  # Chinese by nature (a letter, a case's record)
    assert cn_date(None) == long_date(None) == ""
    assert ZoneInfo(settings.TIME_ZONE) == ZoneInfo("Asia/Shanghai")


def test_iso_text_is_shown_as_a_date():
    source = '{% load gongkai_dates %}{{ v|as_date|date|default:"—" }}'
    assert render(source, v="2026-12-06") == "2026年12月6日"
    assert render(source, v="") == "—"
    assert render(source, v=None) == "—"
    assert render(source, v=D) == "2026年9月5日"


def test_the_checker():
    page = (
        '<html lang="zh-CN"><body><p>发布日期：2026年12月6日</p><p>更新于 2026-12-07</p>'
        "<table><tr><td>2026-12-01</td><td>2026-12-02 09:30</td></tr></table>"
        "<table><tr><th>收到</th><td>2026年12月1日</td></tr><tr><td>2026-12-02</td></tr></table>"
        '<time datetime="2026-12-06">2026年12月6日</time><input type="date" value="2026-12-06">'
        "<p>手工输入请写成 YYYY-MM-DD，例如 2024-09-27</p><p>成文日期：2026年01月06日</p>"
        "<p>5 December 2026</p><script>var d = '2026-12-06';</script></body></html>"
    )
    assert check_html(page) == [
        "ISO date outside a table: 更新于 2026-12-07",
        "English date on a Chinese page: 5 December 2026",
        "one table mixes 2026-12-06 and 2026年12月6日: 2026年12月1日 | 2026-12-02",
        "padded Chinese date: 成文日期：2026年01月06日",
    ]
    english = (
        '<html lang="en"><body><p>Published 6 December 2026</p><p>Due 2026年12月26日</p>'
        '<p lang="zh-CN">《通知》（2026年12月6日）</p>'
        "<table><tr><td>2026-12-01</td></tr></table></body></html>"
    )
    assert check_html(english) == ["Chinese date on an English page: Due 2026年12月26日"]


def _assert_clean(result, prefixes: tuple[str, ...], at_least: int) -> None:
    pages = [u for u, status in result.pages.items() if status == 200]
    assert len(pages) >= at_least, len(pages)
    for prefix in prefixes:
        assert any(u.startswith(prefix) for u in pages), prefix
    assert not result.findings, (
        f"{len(result.findings)} of {len(result.pages)} pages break decision 0018:\n"
        + result.report()
    )


@pytest.mark.django_db
def test_the_demo_site_reads_its_dates_one_way(client: Client):
    call_command("demo-data", stdout=io.StringIO())
    start = list(start_urls())
    public = (
        "/xxgk/documents/",
        "/yishenqing/",
        "/hudong/",
        "/juece/",
        "/faq/",
        "/biaozhun/",
        "/zhongdian/",
        "/workplans/",
        "/library/",
        "/tools/deadline/?received=",
    )
    skip = PUBLIC_SKIP
    # Chinese (the default), then English
    _assert_clean(walk(client, start, ("/",), skip, per_route=3), public, 80)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _assert_clean(walk(client, start, ("/",), skip, per_route=3), public, 80)
    # the staff pages, as the administrator who sees every unit (in Chinese)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.force_login(User.objects.get(username="admin"))
    staff = walk(client, ["/staff/"], ("/staff/",), STAFF_SKIP, per_route=2)
    _assert_clean(
        staff,
        (
            "/staff/applications/",
            "/staff/documents/",
            "/staff/interaction/",
            "/staff/workplans/",
            "/staff/reports/",
        ),
        60,
    )
