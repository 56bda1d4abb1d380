"""Everything the FAQ app plugs into, registered from FaqConfig.ready (no other app's internals
are edited): the FAQ list on a policy document's page, the knowledge base in the site's
navigation, the staff link and to-do, the search source and the tick job."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_noop

from gongkai.org.access import Perm, can
from gongkai.org.models import User


def render_document_faq(document: Any, request: HttpRequest) -> str:
    """常见问题解答清单 on a policy's page (seed 002 row 14): the public entries citing it."""
    from gongkai.faq.selectors import entries_for_document

    entries = entries_for_document(document.pk)
    if not entries:
        return ""
    return render_to_string(
        "faq/_document_block.html", {"entries": entries, "document": document}, request=request
    )


def faq_todo(user: User) -> list[Any]:
    from gongkai.faq.models import FaqState
    from gongkai.faq.selectors import needing_review
    from gongkai.workbench.todo import TodoItem

    if not can(user, Perm.HANDLE):  # the staff FAQ pages are for those who handle
        return []
    qs = needing_review(user)
    items = []
    flagged = qs.filter(needs_review=True).count()
    if flagged:
        url = reverse("faq_staff:list") + "?flag=1"
        items.append(TodoItem("常见问题", "所引政策已失效，待复核", flagged, url, urgent=True))
    if can(user, Perm.REVIEW):
        submitted = qs.filter(state=FaqState.SUBMITTED).count()
        if submitted:
            url = reverse("faq_staff:list") + "?state=submitted"
            items.append(TodoItem("常见问题", "待审核发布", submitted, url))
    return items


def cited_policy_tick(now: datetime.datetime) -> dict[str, Any]:
    from gongkai.faq.services import faq_flag_cited_policies

    return {"flagged": faq_flag_cited_policies(now)}


def connect() -> None:
    from gongkai.core.jobs import register_tick_job
    from gongkai.portal.sections import SiteSection, register_section
    from gongkai.workbench.nav import StaffLink, register_staff_link
    from gongkai.workbench.todo import register_todo_provider

    register_tick_job("faq.cited_policy_check", cited_policy_tick)
    register_todo_provider("faq", faq_todo)
    register_staff_link(
        StaffLink("faq", gettext_noop("常见问题"), "faq_staff:list", order=40, perm=Perm.HANDLE)
    )
    register_section(
        SiteSection(slug="faq", title=gettext_noop("常见问题"), url_name="faq:index", order=60)
    )
    if apps.is_installed("gongkai.documents"):
        from gongkai.documents.blocks import DocumentBlock, register_document_block
        from gongkai.documents.feeds import PublicEntrySource, register_public_entries
        from gongkai.faq import feeds

        register_document_block(DocumentBlock("faq", render_document_faq, order=20))
        register_public_entries(
            PublicEntrySource("faq", entries=feeds.entries, pages=feeds.section_pages)
        )
    if apps.is_installed("gongkai.search"):
        from gongkai.faq import search_source
        from gongkai.search.sources import SearchSource, register_search_source

        register_search_source(
            SearchSource("faq", search_source.all_records, search_source.changes)
        )
