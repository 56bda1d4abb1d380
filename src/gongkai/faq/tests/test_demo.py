from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.faq.models import FaqEntry, FaqState
from gongkai.faq.selectors import public_entries


@pytest.mark.django_db
def test_the_demo_has_faq_entries_on_several_policy_pages(client):
    call_command("demo-data", stdout=io.StringIO())
    docs = {d for e in public_entries() for d in e.documents.all()}
    assert len(docs) >= 4
    for doc in docs:
        html = client.get(f"/xxgk/documents/{doc.pk}/").content.decode()
        assert "常见问题解答" in html
    assert FaqEntry.objects.filter(state=FaqState.SUBMITTED).count() == 1
    flagged = FaqEntry.objects.get(needs_review=True)
    assert "2019年" in flagged.review_reason
    count = FaqEntry.objects.count()
    call_command("demo-data", stdout=io.StringIO())
    assert FaqEntry.objects.count() == count
