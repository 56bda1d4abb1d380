"""Issue 15, item 7: an interpretation's picture (一图读懂, a poster) is shown in its public page
with its text alternative; the demo draws its pictures itself; the lists put the documents in
force first."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from gongkai.core.errors import ValidationFailed
from gongkai.documents import demo_media, lifecycle, selectors, services
from gongkai.testing import tiny_pdf, tiny_png

pytestmark = pytest.mark.django_db

ALT = "柱状图：临时救助标准逐年提高，2024年800元，2025年850元，2026年900元。"


def test_a_picture_needs_its_text_alternative(world, make_doc):
    doc = make_doc(title="一图读懂临时救助", is_interpretation=True, interpretation_form="图解")
    with pytest.raises(ValidationFailed, match="请填写图片文字说明"):
        services.attachment_add(actor=world.clerk, document=doc, name="图解.png", data=tiny_png())
    with pytest.raises(ValidationFailed, match="不超过500字"):
        services.attachment_add(
            actor=world.clerk,
            document=doc,
            name="图解.png",
            data=tiny_png(),
            description="图" * 501,
        )
    pdf = services.attachment_add(actor=world.clerk, document=doc, name="全文.pdf", data=tiny_pdf())
    assert pdf.description == ""  # a document to download needs none
    png = services.attachment_add(
        actor=world.clerk, document=doc, name="图解.png", data=tiny_png(), description=f" {ALT}\n"
    )
    assert png.description == ALT


def test_the_staff_upload_form_takes_the_description(world, client, make_doc):
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = make_doc(title="一图读懂临时救助", is_interpretation=True, interpretation_form="图解")
    client.force_login(world.clerk)
    url = reverse("documents_staff:attach", args=[doc.pk])
    page = client.post(
        url, {"file": SimpleUploadedFile("图解.png", tiny_png(), "image/png")}, follow=True
    ).content.decode()
    assert "请填写图片文字说明" in page
    assert not doc.attachments.exists()
    client.post(
        url,
        {"file": SimpleUploadedFile("图解.png", tiny_png(), "image/png"), "description": ALT},
    )
    assert doc.attachments.get().description == ALT
    form = client.get(reverse("documents_staff:detail", args=[doc.pk])).content.decode()
    assert "图片文字说明（上传图片时必填）" in form


def test_a_published_picture_shows_in_the_page_with_its_alt_text(world, client, make_doc, publish):
    doc = make_doc(title="一图读懂临时救助", is_interpretation=True, interpretation_form="图解")
    png = services.attachment_add(
        actor=world.clerk, document=doc, name="一图读懂临时救助.png", data=tiny_png(),
        description=ALT,
    )  # fmt: skip
    pdf = services.attachment_add(actor=world.clerk, document=doc, name="全文.pdf", data=tiny_pdf())
    image_url = reverse("documents:attachment-image", args=[doc.pk, png.pk])
    assert client.get(image_url).status_code == 404  # not public before it is published
    publish(doc)
    html = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    figure = re.search(r'<figure class="doc-figure">(.*?)</figure>', html, re.S)
    assert figure is not None
    assert f'<img src="{image_url}" alt="{ALT}" lang="zh-CN">' in figure.group(1)
    assert '<figcaption lang="zh-CN">一图读懂临时救助</figcaption>' in figure.group(1)
    assert html.count('class="doc-figure"') == 1  # the PDF is offered for download only
    assert reverse("documents:attachment", args=[doc.pk, pdf.pk]) in html
    shown = client.get(image_url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert "attachment" not in shown.get("Content-Disposition", "")
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")
    not_a_picture = reverse("documents:attachment-image", args=[doc.pk, pdf.pk])
    assert client.get(not_a_picture).status_code == 404


def test_the_demo_draws_its_pictures_and_says_what_they_show():
    chart = demo_media.allowance_chart("一图读懂")
    image = Image.open(io.BytesIO(chart.data))
    assert (image.format, image.size) == ("PNG", (960, 600))
    assert chart.name == "一图读懂.png"
    for year, amount in demo_media.ALLOWANCE:
        assert f"{year}年{amount}元" in chart.description
    poster = demo_media.application_poster("图解：如何申请政府信息公开")
    image = Image.open(io.BytesIO(poster.data))
    assert (image.format, image.size) == ("PNG", (800, 1100))
    assert "20个工作日内答复" in poster.description
    assert "7个工作日内一次性告知" in poster.description
    for head, text in demo_media.application_steps():
        assert f"{head}：{text}" in poster.description
    assert demo_media.allowance_chart("一图读懂").data == chart.data  # drawn the same every time


def test_the_lists_put_the_documents_in_force_first(world, make_doc, publish):
    old = make_doc(title="测试区旧办法（已废止）")
    publish(old)
    newer = make_doc(title="测试区新办法")
    publish(newer)
    lifecycle.document_repeal(actor=world.reviewer, document=old, note="被新办法替代")
    # published later than the one in force (the same day, a higher id): still listed after it
    late = make_doc(title="测试区另一个办法")
    publish(late)
    lifecycle.document_repeal(actor=world.reviewer, document=late, note="试行期满")
    listed = [d.title for d in selectors.browse(selectors.Browse())]
    assert listed == ["测试区新办法", "测试区另一个办法", "测试区旧办法（已废止）"]
    assert [d.title for d in selectors.latest_public()] == listed
