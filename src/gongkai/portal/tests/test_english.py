"""English through Django i18n: the language switch, the translated pages, and the catalog.

Chinese is the source language (every msgid is the Chinese text); the English catalog is
src/gongkai/locale/en/LC_MESSAGES/django.po, compiled to the committed django.mo.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"

# Labels of the shared layout (core/base.html), on public and staff pages alike.
ENGLISH_CHROME = [
    "Skip to main content",
    "Display and language settings",
    "Larger text",
    "High contrast",
    "Powered by Gongkai",
]
CHINESE_CHROME = ["跳到主要内容", "显示与语言设置", "放大字号", "高对比度", "由 Gongkai（公开）"]
# The public site's main navigation.
ENGLISH_NAV = [
    'aria-label="Main navigation"',
    ">Home</a>",
    ">Government Information Disclosure</a>",
    ">Request Information</a>",
    ">Track a Request</a>",
    ">Reply Deadline Calculator</a>",
    ">Staff Sign-in</a>",
]
CHINESE_NAV = ["主导航", ">首页</a>", ">申请公开</a>", ">申请进度查询</a>", ">答复期限计算</a>"]
COLUMN_EN = [
    "Disclosure Guide",
    "Disclosure Rules",
    "Statutory Proactive Disclosure",
    "Annual Reports on Disclosure",
]
COLUMN_ZH = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    # LocaleMiddleware activates the request's language in this thread; don't leak "en".
    with translation.override(settings.LANGUAGE_CODE):
        yield


def switch_language(client: Client, code: str, next_url: str = "/") -> None:
    """Use the header's language switch: a POST to Django's set_language view."""
    response = client.post(reverse("set_language"), {"language": code, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == code


@pytest.fixture
def english(client: Client) -> Client:
    switch_language(client, "en")
    return client


def page(client: Client, url: str, data: dict[str, str] | None = None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200
    return response.content.decode()


def assert_english_layout(html: str, public: bool = True) -> None:
    assert '<html lang="en"' in html
    for text in ENGLISH_CHROME + (ENGLISH_NAV if public else []):
        assert text in html, text
    for text in CHINESE_CHROME + (CHINESE_NAV if public else []):
        assert text not in html, text
    # The switch now offers the way back to Chinese.
    assert 'name="language" value="zh-hans" lang="zh-Hans">中文</button>' in html


@pytest.mark.django_db
def test_the_home_page_in_english(english):
    html = page(english, reverse("portal:home"))
    assert_english_layout(html)
    column = html.split('id="xxgk-title"')[1].split("</section>")[0]
    assert ">Government Information Disclosure</a></h2>" in column
    assert re.findall(r'<a href="/xxgk/[a-z-]+/">([^<]+)</a>', column) == COLUMN_EN
    assert "<title>Home - " in html
    assert "Here you can read government information proactively disclosed" in html
    assert '<h2 id="tools-title">Useful Tools</h2>' in html
    assert "Disclosure on Request: Reply Deadline Calculator" in html
    for text in [*COLUMN_ZH, "依申请公开答复期限计算", "便民工具"]:
        assert text not in html, text


@pytest.mark.django_db
def test_the_column_page_in_english(english):
    html = page(english, reverse("portal:xxgk"))
    assert_english_layout(html)
    assert "<h1>Government Information Disclosure</h1>" in html
    for title in COLUMN_EN:
        assert f">{title}</a>" in html
    assert "Article 12 of the Regulations" in html
    assert "Articles 49 and 50 of the Regulations" in html
    for text in [*COLUMN_ZH, "条例第十二条", "政府信息公开工作年度报告"]:
        assert text not in html, text


@pytest.mark.django_db
def test_the_guide_entry_in_english(world, english):
    html = page(english, reverse("portal:xxgk-entry", args=["guide"]))
    assert_english_layout(html)
    assert "<h1>Disclosure Guide</h1>" in html
    assert 'aria-label="You are here"' in html
    assert "Government Information Disclosure Office" in html
    for label in ["Office address", "Office hours", "Telephone", "Postcode"]:
        assert f'<th scope="row">{label}</th>' in html
    for text in ["办公地址", "联系电话", "政府信息公开工作机构", "当前位置"]:
        assert text not in html, text


@pytest.mark.django_db
def test_the_deadline_calculator_in_english(english):
    html = page(english, reverse("portal:deadline"), {"received": "2024-09-27"})
    assert_english_layout(html)
    assert "<h1>Disclosure on Request: Reply Deadline Calculator</h1>" in html
    assert "Article 33 of the Regulations on the Disclosure of Government Information" in html
    assert ">Calculate</button>" in html
    assert '<h2 id="result-title">Result</h2>' in html
    assert "<dt>Reply deadline</dt>" in html
    assert "<dt>Extended deadline</dt>" in html
    assert "<h3>How the dates were worked out</h3>" in html
    assert '<dd id="reply-deadline">30 October 2024</dd>' in html
    assert '<dd id="extended-deadline">27 November 2024</dd>' in html
    # The form's labels and the step-by-step explanation come from Python and are not marked for
    # translation yet, so only the template's own labels are checked here.
    for text in [
        "计算结果",
        "<dt>答复期限</dt>",
        "<dt>延长答复期限</dt>",
        "<h3>计算过程",
        ">计算</button>",
    ]:
        assert text not in html, text


@pytest.mark.django_db
def test_the_staff_login_page_in_english(english):
    html = page(english, reverse("workbench:login"))
    assert_english_layout(html, public=False)  # the staff layout has its own navigation
    assert "<title>Staff Sign-in - " in html
    assert "<h1>Staff Sign-in</h1>" in html
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert ">Sign in</button>" in html
    assert ">Government Disclosure Workbench</a>" in html
    assert 'aria-label="Workbench navigation"' in html
    assert ">Public website</a>" in html
    for text in ["工作人员登录", "用户名", "密码", "政务公开工作平台", "工作台导航", "门户网站"]:
        assert text not in html, text


@pytest.mark.django_db
def test_the_language_cookie_alone_selects_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, reverse("portal:home"))
    assert '<html lang="en"' in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_switching_back_to_chinese_restores_chinese(english):
    assert "Skip to main content" in page(english, reverse("portal:xxgk"))
    switch_language(english, "zh-hans", next_url=reverse("portal:xxgk"))
    for url in [reverse("portal:home"), reverse("portal:xxgk")]:
        html = page(english, url)
        assert '<html lang="zh-CN"' in html
        assert "跳到主要内容" in html
        assert ">政府信息公开指南</a>" in html
        assert 'name="language" value="en" lang="en">English</button>' in html
        for text in ["Skip to main content", "Disclosure Guide", "Main navigation"]:
            assert text not in html, text
    html = page(english, reverse("portal:deadline"), {"received": "2024-09-27"})
    assert "<dt>答复期限</dt>" in html
    assert "Reply deadline" not in html
    html = page(english, reverse("workbench:login"))
    assert "<h1>工作人员登录</h1>" in html
    assert "Username" not in html


# --- The catalog itself ------------------------------------------------------------------------


def read_po(path: Path) -> list[tuple[str, str, list[str], tuple[str, str] | None]]:
    """(msgid, msgstr, flags, plural) for each entry of a .po file, header and obsolete entries
    skipped; for a plural entry msgstr is the singular form and plural is (msgid_plural,
    msgstr[1])."""
    entries: list[tuple[str, str, list[str], tuple[str, str] | None]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, str] = {}
        flags: list[str] = []
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
                current, _, rest = line.partition(" ")
                parts[current] = ast.literal_eval(rest)
            elif line.startswith('"') and current:
                parts[current] += ast.literal_eval(line)
        if parts.get("msgid"):
            if "msgid_plural" in parts:
                plural = (parts["msgid_plural"], parts.get("msgstr[1]", ""))
                entries.append((parts["msgid"], parts.get("msgstr[0]", ""), flags, plural))
            else:
                entries.append((parts["msgid"], parts.get("msgstr", ""), flags, None))
    return entries


# Chinese that English texts keep on purpose: the import files' column headers and values,
# which the importers only accept in Chinese (the English text glosses each one).
FILE_HEADERS = re.compile(
    "上级代码|公开办公地址|行政复议机关|管辖法院|代码|名称|简称|类型|排序|办公时间|联系电话|传真"
    "|电子邮箱|邮政编码|日期|放假|上班"
)

MARKED_CHINESE = re.compile(r'<span lang="zh-CN">[^<]*</span>')


def test_every_msgid_is_translated_and_compiled():
    entries = read_po(LC_MESSAGES / "django.po")
    assert len(entries) > 100
    with (LC_MESSAGES / "django.mo").open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    placeholder = re.compile(r"%\([a-z_]+\)s")
    for msgid, msgstr, flags, plural in entries:
        assert "fuzzy" not in flags, msgid
        forms = [(msgid, msgstr)] + ([plural] if plural else [])
        for source, text in forms:
            assert text.strip(), f"untranslated: {source}"
            # Chinese quoted in an English text says so (lang="zh-CN": WCAG 2.1 SC 3.1.2)
            unmarked = MARKED_CHINESE.sub("", text)
            assert not re.search(r"[\u4e00-\u9fff]", FILE_HEADERS.sub("", unmarked)), source
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(source)), source
        # django.mo is committed: it must match the .po (re-run scripts/update_translations.sh).
        if plural:
            assert compiled.ngettext(msgid, plural[0], 1) == msgstr, f"django.mo is stale: {msgid}"
            assert compiled.ngettext(msgid, plural[0], 2) == plural[1], f"django.mo stale: {msgid}"
        else:
            assert compiled.gettext(msgid) == msgstr, f"django.mo is stale for: {msgid}"
