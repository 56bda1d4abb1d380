"""Workbench pages for documents: object scope per persona, the form round trip, uploads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.documents.models import Document, State
from gongkai.testing import PERSONAS, tiny_pdf

pytestmark = pytest.mark.django_db

EXPECTED = {"anonymous": 302, "clerk": 200, "reviewer": 200, "head": 200, "supervisor": 200,
            "admin": 200, "other_clerk": 404}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_document_page_is_visible_only_within_the_units_in_scope(
    world, client, make_doc, persona
):
    doc = make_doc()
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    for name in ("documents_staff:detail", "documents_staff:edit"):
        response = client.get(reverse(name, args=[doc.pk]))
        expected = EXPECTED[persona]
        if name.endswith("edit") and persona == "supervisor":
            expected = 403  # 主管 reviews but does not draft
        assert response.status_code == expected, (persona, name)


def test_a_clerk_drafts_through_the_form_and_uploads_an_attachment(world, client):
    client.force_login(world.clerk)
    response = client.post(
        reverse("documents_staff:new"),
        {"title": "网页起草的通知", "doc_number": "测政办发（2026）5号", "doc_kind": "通知",
         "disclosure_mode": "主动公开", "scope": "全社会", "topic": "0101", "art20_item": "1",
         "issuers": "测试区人民政府办公室、测试区民政局", "tags": "营商环境", "summary": "概述"},
    )  # fmt: skip
    doc = Document.objects.get(title="网页起草的通知")
    assert response["Location"] == reverse("documents_staff:detail", args=[doc.pk])
    assert doc.doc_number == "测政办发〔2026〕5号"
    assert doc.issuers.count() == 2
    pdf = SimpleUploadedFile("附件.pdf", tiny_pdf(), content_type="application/pdf")
    client.post(reverse("documents_staff:attach", args=[doc.pk]), {"file": pdf})
    assert doc.attachments.get().name == "附件.pdf"
    bad = SimpleUploadedFile("脚本.html", b"<script>", content_type="text/html")
    page = client.post(reverse("documents_staff:attach", args=[doc.pk]), {"file": bad}, follow=True)
    assert "类型不支持" in page.content.decode()
    page = client.post(reverse("documents_staff:edit", args=[doc.pk]), {"title": "", "doc_kind": "通知",
                       "disclosure_mode": "主动公开", "scope": "全社会"})  # fmt: skip
    assert "这个字段是必填项" in page.content.decode()
    doc.refresh_from_db()
    assert doc.title == "网页起草的通知"


def test_the_drafter_sees_no_approval_form_and_a_posted_approval_is_refused(
    world, client, make_doc
):
    from gongkai.org.models import Role
    from gongkai.testing import make_staff

    both = make_staff("both", world.office, Role.CLERK, Role.REVIEWER)
    client.force_login(both)
    client.post(reverse("documents_staff:new"), {"title": "自审", "doc_kind": "通知", "disclosure_mode": "主动公开", "scope": "全社会", "summary": "x"})  # fmt: skip
    doc = Document.objects.get(title="自审")
    client.post(reverse("documents_staff:action", args=[doc.pk, "submit"]))
    html = client.get(reverse("documents_staff:detail", args=[doc.pk])).content.decode()
    assert "不能审查（一事一审）" in html
    page = client.post(
        reverse("documents_staff:action", args=[doc.pk, "approve"]),
        {"disclosure_mode": "主动公开", "confidentiality_checked": "on"},
        follow=True,
    )
    assert "起草人不能审查自己起草的文件" in page.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.SUBMITTED


def test_administrators_add_the_units_own_catalogue_categories(world, client):
    from gongkai.core.errors import AccessDenied, ValidationFailed
    from gongkai.documents import services
    from gongkai.documents.models import Topic

    with pytest.raises(AccessDenied):
        services.topic_create(actor=world.clerk, code="0106", name="政务服务", parent_code="01")
    client.force_login(world.admin)
    client.post(
        reverse("documents_staff:topics"), {"code": "0106", "name": "政务服务", "parent": "01"}
    )
    assert Topic.objects.get(code="0106").path == "综合政务\\政务服务"
    with pytest.raises(ValidationFailed, match="只有两级"):
        services.topic_create(actor=world.admin, code="010601", name="三级", parent_code="0106")
    client.force_login(world.clerk)
    html = client.get(reverse("documents_staff:topics")).content.decode()
    assert "政务服务" in html
    assert "新增分类" not in html


def test_the_review_page_shows_the_body_and_every_attachment_of_the_version_under_review(
    world, client, make_doc
):
    from gongkai.documents import lifecycle, services
    from gongkai.testing import tiny_png

    doc = make_doc(body="<p>第一条 为了保障困难群众基本生活，制定本办法。</p>")
    pdf = services.attachment_add(
        actor=world.clerk, document=doc, name="实施细则.pdf", data=tiny_pdf()
    )
    png = services.attachment_add(
        actor=world.clerk,
        document=doc,
        name="流程图.png",
        data=tiny_png(),
        description="办理流程图：申请、审核、发放三步。",
    )
    lifecycle.document_submit(actor=world.clerk, document=doc)
    doc.refresh_from_db()
    client.force_login(world.reviewer)
    html = client.get(reverse("documents_staff:detail", args=[doc.pk])).content.decode()
    assert "第一条 为了保障困难群众基本生活" in html
    pdf_url = reverse("documents_staff:attachment-file", args=[doc.pk, pdf.pk])
    png_url = reverse("documents_staff:attachment-file", args=[doc.pk, png.pk])
    assert (
        f'<iframe class="attachment-preview" title="附件预览：实施细则.pdf" src="{pdf_url}"' in html
    )
    assert f'<img class="attachment-preview" src="{png_url}"' in html
    assert f'name="version" value="{doc.version}"' in html  # approval is tied to this version
    shown = client.get(pdf_url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "application/pdf"
    assert "inline" in shown["Content-Disposition"]
    assert b"".join(shown.streaming_content).startswith(b"%PDF")
    assert "attachment" in client.get(pdf_url + "?download=1")["Content-Disposition"]
    # out of scope: the other unit's clerk does not get the file
    client.force_login(world.other_clerk)
    assert client.get(pdf_url).status_code == 404


def test_drafting_defaults_to_a_notice_and_links_by_choosing_a_title(world, client, make_doc):
    client.force_login(world.clerk)
    html = client.get(reverse("documents_staff:new")).content.decode()
    assert '<option value="通知" selected>' in html
    policy = make_doc(title="测试区临时救助办法")
    interp = make_doc(title="一图读懂临时救助", is_interpretation=True, interpretation_form="图解")
    page = client.get(reverse("documents_staff:detail", args=[interp.pk])).content.decode()
    assert f'<option value="{policy.pk}">测试区临时救助办法（草稿）</option>' in page
    client.post(
        reverse("documents_staff:relate", args=[interp.pk]),
        {"kind": "interprets", "target": str(policy.pk)},
    )
    assert interp.relations_out.get().target == policy
