"""The public column: catalogue, document pages, browse, feed, sitemap; nothing unpublished leaks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.documents import lifecycle, services
from gongkai.documents.vocab import DISCLOSURE_RULE_TAG

pytestmark = pytest.mark.django_db

SECRET_TITLE = "内部草稿不得外泄的标题"


@pytest.fixture
def corpus(world, make_doc, publish):
    policy = make_doc(
        title="测试区养老服务补贴办法",
        is_normative=True,
        art20_item=11,
        topic="1602",
        doc_number="测政规〔2026〕3号",
        tags=[DISCLOSURE_RULE_TAG],
    )
    interp = make_doc(
        title="《测试区养老服务补贴办法》图解",
        is_interpretation=True,
        interpretation_form="图解",
        interpretation_stage="同步",
        art20_item=11,
    )
    services.relation_add(actor=world.clerk, document=interp, target=policy, kind="interprets")
    services.service_link_add(
        actor=world.clerk,
        document=policy,
        title="养老服务补贴申领",
        url="https://zwfw.example.gov.cn/ylbt",
    )
    publish(policy)
    publish(interp)
    draft = make_doc(title=SECRET_TITLE, doc_number="测政办发〔2026〕99号", keywords="机密词")
    submitted = make_doc(title=SECRET_TITLE + "（待审）")
    lifecycle.document_submit(actor=world.clerk, document=submitted)
    approved = make_doc(title=SECRET_TITLE + "（待发）")
    lifecycle.document_submit(actor=world.clerk, document=approved)
    lifecycle.document_approve(
        actor=world.reviewer,
        document=approved,
        disclosure_mode="主动公开",
        confidentiality_checked=True,
    )
    withdrawn = make_doc(title=SECRET_TITLE + "（撤回）")
    publish(withdrawn)
    lifecycle.document_withdraw(actor=world.reviewer, document=withdrawn, reason="误发")
    return {"policy": policy, "interp": interp, "hidden": [draft, submitted, approved, withdrawn]}


def test_the_statutory_entry_is_organised_by_art_20_items_and_topics(client, corpus):
    html = client.get(reverse("portal:xxgk-entry", args=["statutory"])).content.decode()
    assert "（一）行政法规、规章和规范性文件" in html
    assert "（十五）" in html
    assert "测试区养老服务补贴办法" in html
    assert "民政、扶贫、救灾" in html
    assert "现行有效规范性文件（1 件）" in html


def test_the_rules_entry_lists_documents_tagged_as_disclosure_rules(client, corpus):
    html = client.get(reverse("portal:xxgk-entry", args=["rules"])).content.decode()
    assert "测试区养老服务补贴办法" in html
    assert "图解" not in html.split("<caption>")[1]


def test_a_document_page_shows_the_metadata_table_validity_interpretation_and_service(
    client, corpus
):
    policy = corpus["policy"]
    html = client.get(reverse("documents:detail", args=[policy.pk])).content.decode()
    for text in (
        "索引号",
        policy.index_number,
        "主题分类",
        "民政、扶贫、救灾\\养老服务",
        "测政规〔2026〕3号",
        "成文日期",
        "2026年3月2日",
        "有效性",
        "<strong>有效</strong>",
        "政策解读",
        "《测试区养老服务补贴办法》图解",
        "办</span>",
        "养老服务补贴申领",
        "SHA-256",
    ):
        assert text in html, text
    interp_html = client.get(
        reverse("documents:detail", args=[corpus["interp"].pk])
    ).content.decode()
    assert "解读的文件" in interp_html
    assert "测试区养老服务补贴办法" in interp_html


def test_a_repealed_document_keeps_its_page_with_a_prominent_mark_and_replacement_link(
    world, client, corpus, make_doc, publish
):
    new = make_doc(title="测试区养老服务补贴办法（2027年版）", is_normative=True)
    services.relation_add(actor=world.clerk, document=new, target=corpus["policy"], kind="replaces")
    publish(new)
    html = client.get(reverse("documents:detail", args=[corpus["policy"].pk])).content.decode()
    assert 'id="validity-mark"' in html
    assert "本文件已废止" in html
    assert reverse("documents:detail", args=[new.pk]) in html
    normative = client.get(reverse("documents:normative")).content.decode()
    assert "2027年版" in normative
    assert f'href="/xxgk/documents/{corpus["policy"].pk}/"' not in normative


@pytest.mark.parametrize(
    ("param", "value", "found"),
    [
        ("topic", "16", True),
        ("topic", "1602", True),
        ("topic", "0101", False),
        ("issuer", "测试区人民政府办公室", True),
        ("issuer", "别的机关", False),
        ("kind", "政策解读", False),
        ("validity", "有效", True),
        ("validity", "废止", False),
        ("q", "补贴", True),
        ("q", "测政规〔2026〕3号", True),
        ("art20", "11", True),
        ("art20", "3", False),
    ],
)
def test_browse_filters(client, corpus, param, value, found):
    html = client.get(reverse("documents:browse"), {param: value}).content.decode()
    assert (">测试区养老服务补贴办法</a>" in html) is found


def test_the_keyword_box_knows_everyday_words_and_points_to_full_text_search(
    client, corpus, make_doc, publish
):
    publish(make_doc(title="测试区城乡居民最低生活保障实施办法"))
    html = client.get(reverse("documents:browse"), {"q": "低保"}).content.decode()
    assert "测试区城乡居民最低生活保障实施办法" in html  # the search's synonym table
    assert ">测试区养老服务补贴办法</a>" not in html
    assert 'href="/search/?q=%E4%BD%8E%E4%BF%9D"' in html


def test_browse_by_year(client, corpus):
    year = corpus["policy"].published_on.year
    assert (
        "测试区养老服务补贴办法"
        in client.get(reverse("documents:browse"), {"year": year}).content.decode()
    )
    assert (
        "测试区养老服务补贴办法"
        not in client.get(reverse("documents:browse"), {"year": 1999}).content.decode()
    )


def test_feed_and_sitemap_include_published_documents(client, corpus):
    feed = client.get(reverse("documents:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "测试区养老服务补贴办法" in feed.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/xxgk/documents/{corpus['policy'].pk}/" in sitemap


def test_an_unpublished_document_is_not_reachable_from_any_public_url_feed_sitemap_or_api(
    world, client, corpus
):
    hidden = corpus["hidden"]
    public_pages = [
        reverse("portal:home"),
        reverse("portal:xxgk"),
        reverse("portal:xxgk-entry", args=["statutory"]),
        reverse("portal:xxgk-entry", args=["rules"]),
        reverse("documents:browse"),
        reverse("documents:browse") + "?q=不得外泄",
        reverse("documents:browse") + "?q=机密词",
        reverse("documents:normative"),
        reverse("documents:feed"),
        "/sitemap.xml",
        "/api/public/documents",
        "/api/public/documents?q=不得外泄",
    ]
    for url in public_pages:
        body = client.get(url).content.decode()
        assert SECRET_TITLE not in body, url
        assert "测政办发〔2026〕99号" not in body, url
    for doc in hidden:
        for url in (
            reverse("documents:detail", args=[doc.pk]),
            reverse("documents:version", args=[doc.pk, 1]),
            reverse("documents:version-download", args=[doc.pk, 1]),
            f"/api/public/documents/{doc.pk}",
        ):
            assert client.get(url).status_code == 404, url
        assert f"/xxgk/documents/{doc.pk}/" not in client.get("/sitemap.xml").content.decode()


def test_a_revision_in_progress_does_not_leak_its_draft_text(world, client, corpus):
    policy = corpus["policy"]
    lifecycle.document_start_revision(actor=world.clerk, document=policy)
    services.document_update(
        actor=world.clerk,
        document=policy,
        values={"title": SECRET_TITLE + "（修订稿）", "body": "<p>未审查的修订正文</p>"},
    )
    for url in (
        reverse("documents:detail", args=[policy.pk]),
        reverse("documents:browse"),
        reverse("documents:feed"),
        f"/api/public/documents/{policy.pk}",
    ):
        body = client.get(url).content.decode()
        assert SECRET_TITLE not in body, url
        assert "未审查的修订正文" not in body, url
    assert (
        "测试区养老服务补贴办法"
        in client.get(reverse("documents:detail", args=[policy.pk])).content.decode()
    )


def test_list_pages_use_a_fixed_number_of_queries(
    world, client, make_doc, publish, django_assert_max_num_queries
):
    for i in range(3):
        publish(make_doc(title=f"批量文件{i}", issuers=f"机关{i}"))
    urls = [reverse("documents:browse"), reverse("documents:normative"), reverse("documents:feed"), "/sitemap.xml",
            reverse("portal:xxgk-entry", args=["statutory"]), "/api/public/documents"]  # fmt: skip
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    for i in range(3, 12):
        publish(make_doc(title=f"批量文件{i}", issuers=f"机关{i}"))
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_browsing_a_document_under_revision_matches_only_its_published_values(
    world, client, corpus
):
    from gongkai.documents.selectors import Browse, browse

    policy = corpus["policy"]
    lifecycle.document_start_revision(actor=world.clerk, document=policy)
    services.document_update(
        actor=world.clerk,
        document=policy,
        values={"doc_number": "测政规〔2026〕88号", "art20_item": 7, "keywords": "未公开关键词"},
    )
    # The unpublished working values find nothing ...
    assert policy not in browse(Browse(q="88号"))
    assert policy not in browse(Browse(q="未公开关键词"))
    assert policy not in browse(Browse(art20=7))
    page = client.get(reverse("documents:browse"), {"q": "未公开关键词"}).content.decode()
    assert "测试区养老服务补贴办法" not in page
    # ... while the published ones still do.
    assert policy in browse(Browse(q="3号"))
    assert policy in browse(Browse(art20=11))
    assert policy in browse(Browse(topic="1602"))
    assert policy in browse(Browse(normative=True))


def test_the_home_pages_latest_list_puts_documents_in_force_first(world, make_doc, publish):
    from gongkai.documents import lifecycle
    from gongkai.documents.selectors import latest_public

    kept = make_doc(title="仍然有效的通知")
    publish(kept)
    gone = make_doc(title="已废止的通知")
    publish(gone)
    lifecycle.document_repeal(actor=world.reviewer, document=gone, note="被新通知替代")
    titles = [d.title for d in latest_public(8)]
    assert titles.index("仍然有效的通知") < titles.index("已废止的通知")  # newer, but repealed
