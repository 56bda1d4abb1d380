"""The tag vocabulary reads in English on English pages (finder questions, reasons, the
惠企政策清单, the tag chips on a policy's page); the stored values stay Chinese."""

from __future__ import annotations

import re

from gongkai.finder.services import tags_set


def _visible(html: str) -> str:
    """The page's text without tags and attributes (the form's values stay Chinese)."""
    return re.sub(r"<[^>]+>", " ", html)


def test_tag_values_read_in_english(world, make_doc, publish, client, settings) -> None:
    doc = make_doc(title="小微企业创业补贴办法", doc_kind="规范性文件", is_normative=True)
    tags_set(
        actor=world.clerk,
        document=doc,
        tags={"who": ["企业"], "scale": ["小型", "微型"], "support": ["资金补贴"]},
    )
    publish(doc)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    finder = client.get("/zhengce/").content.decode()
    text = _visible(finder)
    for english in ("You are", "An enterprise", "A social organisation", "Enterprise size"):
        assert english in text
    for english in ("Micro", "Manufacturing", "Subsidies", "Tax incentives", "Old age"):
        assert english in text
    for chinese in ("社会组织", "微型", "制造业", "资金补贴", "税收优惠", "您需要", "全区"):
        assert chinese not in text, chinese
    assert 'value="社会组织"' in finder  # what is submitted and stored stays the vocabulary's

    results = _visible(client.get("/zhengce/", {"who": "企业", "scale": "小型"}).content.decode())
    assert "Applies to: An enterprise; Enterprise size: Small" in results

    listing = _visible(client.get("/zhengce/huiqi/").content.decode())
    assert "Subsidies" in listing
    assert "资金补贴" not in listing

    page = client.get(f"/xxgk/documents/{doc.pk}/").content.decode()
    chips = re.findall(r'<a class="tag-chip" href="([^"]+)">([^<]+)</a>', page)
    assert "Enterprise size: Small" in [t for _h, t in chips]
    assert "/zhengce/?scale=%E5%B0%8F%E5%9E%8B" in [h for h, _t in chips]


def test_tag_chips_show_in_chinese_by_default(world, make_doc, publish, client) -> None:
    doc = make_doc(title="养老服务补贴办法", doc_kind="规范性文件", is_normative=True)
    tags_set(actor=world.clerk, document=doc, tags={"who": ["个人"], "life": ["养老"]})
    publish(doc)
    page = client.get(f"/xxgk/documents/{doc.pk}/").content.decode()
    assert '<a class="tag-chip" href="/zhengce/?life=%E5%85%BB%E8%80%81">生命事件：养老</a>' in page
