from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.org.models import Role, Unit, User


@pytest.mark.django_db
def test_demo_data_builds_a_district_with_every_role_and_running_it_twice_changes_nothing():
    out = io.StringIO()
    call_command("demo-data", stdout=out)
    text = out.getvalue()
    assert "新增机构 11 个" in text
    assert "admin" in text
    assert "密码" in text
    district = Unit.objects.get(name="示范市示范区人民政府")
    kinds = set(district.children.values_list("kind", flat=True))
    assert {"office", "department", "street"} <= kinds
    roles = set(User.objects.values_list("role_assignments__role", flat=True))
    assert roles == set(Role.values)
    counts = (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count())
    out2 = io.StringIO()
    call_command("demo-data", stdout=out2)
    assert "新增机构 0 个，新增人员 0 个" in out2.getvalue()
    assert (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_documents_dates_are_lawful():
    """No demo document takes effect before it is published (an unpublished normative document
    may not be applied) or was signed after it; the replaced 2019 regulation is dated 2019."""
    from gongkai.documents.models import Document
    from gongkai.documents.selectors import public_documents

    call_command("demo-data", stdout=io.StringIO())
    own = public_documents().exclude(doc_number="").filter(unit__code__isnull=False)
    checked = 0
    for doc in own:
        if doc.published_on and doc.effective_on and doc.is_normative:
            assert doc.effective_on >= doc.published_on, doc.title
            checked += 1
        if doc.published_on and doc.written_on:
            assert doc.written_on <= doc.published_on, doc.title
    assert checked >= 3
    old = Document.objects.get(doc_number="示范府办发〔2019〕6号")
    assert old.written_on is not None
    assert old.written_on.year == 2019
