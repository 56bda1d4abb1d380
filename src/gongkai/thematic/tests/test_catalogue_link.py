"""A catalogue item fulfilled by a thematic column (超链接归集): the item's page lists the
unit's published entries of the column, and the timeliness check counts them."""

from __future__ import annotations

from django.utils import timezone

from gongkai.catalogue.checks import OK, check_item
from gongkai.catalogue.links import link_kind
from gongkai.catalogue.models import Catalogue, CatalogueState
from gongkai.catalogue.tests.conftest import published_catalogue
from gongkai.thematic.services import entry_publish, entry_save

from .test_thematic import SEVEN


def test_an_item_linked_to_a_column_lists_its_published_entries(world, client, calendar) -> None:
    kind = link_kind("column")
    assert kind is not None
    assert ("project-budget", "财政预决算 · 项目预算") in kind.choices()
    published_catalogue(world, rows=3, links={2: [("column", "project-budget")]})  # 2: "实时"
    draft_entry = entry_save(
        actor=world.clerk,
        unit=world.office,
        column="project-budget",
        raw={**SEVEN, "title": "未发布的项目"},
    )
    e = entry_save(actor=world.clerk, unit=world.office, column="project-budget", raw=SEVEN)
    entry_publish(actor=world.reviewer, entry_id=e.pk, version=e.version)
    page = client.get(f"/biaozhun/{world.office.code}/2/").content.decode()
    assert f'href="/zhongdian/project-budget/{e.pk}/"' in page
    assert draft_entry.title not in page
    published = Catalogue.objects.get(unit=world.office, state=CatalogueState.PUBLISHED)
    check = check_item(published.items.get(seq=2), timezone.localdate())
    assert check.status == OK
    assert [r.title for r in check.records] == [SEVEN["title"]]
