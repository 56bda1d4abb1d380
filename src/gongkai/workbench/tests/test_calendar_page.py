"""The calendar page reads its year from the query string: any value shows a page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone


@pytest.mark.django_db
def test_a_year_a_date_cannot_have_shows_this_year_instead_of_a_server_error(world, client):
    client.force_login(world.clerk)
    this_year = timezone.localdate().year
    for raw in ("99999", "0", "-3", "zz"):
        page = client.get(reverse("workbench:calendar"), {"year": raw})
        assert page.status_code == 200, raw
        assert page.context["year"] == this_year, raw
    assert client.get(reverse("workbench:calendar"), {"year": "9999"}).context["year"] == 9999
