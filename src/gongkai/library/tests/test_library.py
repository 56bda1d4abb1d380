"""The 法律法规库 (issue 14, decision 0008): loading, its own pages, its own search source, and
never a unit's documents: not in the 政府信息公开 column, the Art. 20 listing, its filters or
counts."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.jobs import run_tick
from gongkai.documents.models import Document
from gongkai.library import search_source
from gongkai.library.models import Law
from gongkai.library.services import LoadError, library_load
from gongkai.search.selectors import search_public

pytestmark = pytest.mark.django_db

CIVIL_CODE = "中华人民共和国民法典"
N = 38  # 30 laws + the eight books of the 民法典


def civil_code_general_part() -> Law:
    return Law.objects.get(title=CIVIL_CODE, body__contains="第五十四条 自然人从事工商业经营")


def test_loading_adds_the_laws_once_audited_and_a_second_load_changes_nothing(laws_file):
    summary = library_load(actor=None, path=laws_file)
    assert summary.created == Law.objects.count() == N
    law = civil_code_general_part()
    assert law.level == "法律"
    assert law.issuer  # from the history lines
    assert law.history
    assert not law.expired
    assert AuditEvent.objects.filter(action="library.load").count() == 1
    again = library_load(actor=None, path=laws_file)
    assert (again.created, again.updated, again.unchanged) == (0, 0, N)
    assert AuditEvent.objects.filter(action="library.load").count() == 1


def test_a_bad_line_loads_nothing_and_says_which_line_and_what_to_fix(tmp_path: Path, laws_file):
    with gzip.open(laws_file, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    bad = tmp_path / "bad.jsonl.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as fh:
        fh.writelines(lines[:3])
        fh.write("{not json\n")
        fh.write(json.dumps({"title": "", "body_markdown": "第一条 x"}) + "\n")
    with pytest.raises(LoadError) as err:
        library_load(actor=None, path=bad)
    text = str(err.value)
    assert "未载入任何内容" in text
    assert "第 4 行：不是有效的 JSON" in text
    assert "第 5 行：缺少标题（title）" in text
    assert Law.objects.count() == 0
    with pytest.raises(CommandError, match="第 4 行"):
        call_command("library", "load", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="找不到法律法规语料文件"):
        call_command("library", "load", str(tmp_path / "none.gz"), stdout=io.StringIO())


def test_the_command_loads_with_a_progress_bar_and_indexes_the_articles(
    laws_file, capsys, monkeypatch, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("library", "load", str(laws_file), stdout=out)
    assert f"新增 {N} 部" in out.getvalue()
    assert "检索索引已重建" in out.getvalue()
    assert "载入 [" in capsys.readouterr().err  # the progress bar
    res = search_public(query="个体工商户可以起字号吗")
    top = res.hits[0]
    law = civil_code_general_part()
    assert top.title == CIVIL_CODE
    assert top.kind == "library"
    assert top.source == "laws"
    assert top.article == "第五十四条"
    assert top.url == reverse("library:law", args=[law.pk]) + "#" + quote("第五十四条")
    assert not Law.objects.filter(indexed=False).exists()


def test_a_changed_law_reaches_the_index_through_the_tick(laws_file, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    library_load(actor=None, path=laws_file)
    run_tick()  # the source hands over the laws not yet indexed
    assert not Law.objects.filter(indexed=False).exists()
    assert search_public(query="个体工商户", kind="library").total > 0
    assert search_source.changes() == []


def test_the_law_page_shows_articles_with_anchors_validity_and_history(laws_file):
    library_load(actor=None, path=laws_file)
    law = civil_code_general_part()
    html = Client().get(reverse("library:law", args=[law.pk])).content.decode()
    assert f'<h1 lang="zh-CN">{CIVIL_CODE}</h1>' in html  # content, marked as Chinese
    assert 'id="第五十四条"' in html
    assert "时效性" in html
    assert '<td lang="zh-CN">有效</td>' in html
    assert "沿革" in html
    assert law.history[0] in html
    assert "不是本站各单位发布的政府信息" in html
    assert Client().get(reverse("library:law", args=[law.pk + 999])).status_code == 404


def test_the_library_list_shows_issuer_level_and_validity_and_filters(laws_file):
    library_load(actor=None, path=laws_file)
    law = civil_code_general_part()
    html = Client().get(reverse("library:index")).content.decode()
    assert "制定机关" in html
    assert "效力层级" in html
    assert "时效性" in html
    assert f"共 {N} 部" in html
    html = Client().get(reverse("library:index"), {"q": "民法典"}).content.decode()
    assert "共 8 部" in html
    assert law.issuer in html
    html = Client().get(reverse("library:index"), {"level": "法律"}).content.decode()
    assert CIVIL_CODE in html


def test_a_law_is_never_a_units_document_nor_in_the_column_its_filters_or_counts(
    world, laws_file, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    documents_before = Document.objects.count()
    call_command("library", "load", str(laws_file), stdout=io.StringIO())
    assert Document.objects.count() == documents_before  # nothing in the column's tables
    titles = list(Law.objects.values_list("title", flat=True))
    issuers = {i for i in Law.objects.values_list("issuer", flat=True) if i}
    client = Client()
    pages = {
        "statutory": reverse("portal:xxgk-entry", args=["statutory"]),
        "browse": reverse("documents:browse"),
        "art20-1": reverse("documents:browse") + "?art20=1",
        "normative": reverse("documents:normative"),
        "column": reverse("portal:xxgk"),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        for title in titles:
            assert title not in html, (name, title)
        if name.startswith(("browse", "art20")):
            for issuer in issuers:  # the 发文机关 filter
                assert f">{issuer}（" not in html, (name, issuer)
    # the site search's own tab and its 发文机关 facet have no law either
    site = search_public(query="民法典 合同", kind="site")
    assert all(h.kind == "site" for h in site.hits)
    every = search_public(query="民法典 合同")
    assert every.kinds["library"] > 0
    assert not {v for v, _ in every.facets.get("organ", [])} & issuers
