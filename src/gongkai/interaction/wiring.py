"""Plugs 政民互动 into the platform's registries (called from AppConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_noop


def connect() -> None:
    from gongkai.core.importers import register_importer
    from gongkai.core.jobs import register_tick_job
    from gongkai.documents.blocks import DocumentBlock, register_document_block
    from gongkai.interaction import importer
    from gongkai.interaction.blocks import render_board
    from gongkai.interaction.figures import interaction_figures
    from gongkai.interaction.jobs import interaction_tick
    from gongkai.interaction.services import (
        MODERATION_KIND,
        on_publish,
        on_reject,
        writer_names,
    )
    from gongkai.interaction.todo import interaction_todo
    from gongkai.moderation.registry import ModerationKind, register_moderation_kind
    from gongkai.portal.sections import SiteSection, register_section
    from gongkai.workbench.figures import FigureGroup, register_figure_group
    from gongkai.workbench.nav import StaffLink, register_staff_link
    from gongkai.workbench.todo import register_todo_provider

    register_section(
        SiteSection(
            slug="interaction",
            title=gettext_noop("政民互动"),
            url_name="interaction:index",
            order=40,
            home_block=_home_block,
        )
    )
    register_staff_link(
        StaffLink("interaction", gettext_noop("政民互动"), "interaction_staff:list", order=20)
    )
    register_todo_provider("interaction", interaction_todo)
    register_tick_job("interaction.deadlines", interaction_tick)
    register_importer(
        "messages",
        importer.add_arguments,
        importer.handle,
        help_text="导入 12345 热线或国办转办留言（CSV/XLSX）",
    )
    register_moderation_kind(
        ModerationKind(
            name=MODERATION_KIND,
            label="留言选登",
            on_publish=on_publish,
            on_reject=on_reject,
            url=_staff_url,
            names=writer_names,
        )
    )
    register_figure_group(
        FigureGroup(slug="interaction", title="政民互动", compute=interaction_figures, order=40)
    )
    register_document_block(DocumentBlock("interaction.board", render_board, order=40))
    from gongkai.documents.feeds import PublicEntrySource, register_public_entries
    from gongkai.interaction import feeds

    register_public_entries(
        PublicEntrySource("interaction", entries=feeds.entries, pages=feeds.section_pages)
    )
    from gongkai.interaction.search_source import register

    register()


def _staff_url(item: object) -> str:
    from django.urls import reverse

    from gongkai.interaction.models import Message

    message = Message.objects.filter(pk=int(item.object_id)).only("tracking_code").first()  # type: ignore[attr-defined]
    return reverse("interaction_staff:detail", args=[message.tracking_code]) if message else ""


def _home_block(request: HttpRequest) -> str:
    from django.template.loader import render_to_string

    from gongkai.interaction.selectors import published_messages

    recent = list(published_messages()[:5])
    if not recent:
        return ""
    return render_to_string(
        "interaction/public/_home_block.html", {"recent": recent}, request=request
    )
