from django.apps import AppConfig
from django.utils.translation import gettext_noop


class BanshiConfig(AppConfig):
    name = "gongkai.banshi"
    label = "banshi"
    verbose_name = "办事服务"

    def ready(self) -> None:
        from gongkai.banshi import importer
        from gongkai.banshi.views import document_block, result_badge, title_badge
        from gongkai.core.importers import register_importer
        from gongkai.documents.blocks import (
            DocumentBlock,
            TitleBadge,
            register_document_block,
            register_title_badge,
        )
        from gongkai.portal.sections import SiteSection, register_section

        register_section(SiteSection("banshi", gettext_noop("办事服务"), "banshi:index", order=70))
        from gongkai.org.access import Perm
        from gongkai.workbench.nav import StaffLink, register_staff_link

        register_staff_link(
            StaffLink("banshi", gettext_noop("办事事项"), "banshi_staff:list", 45, Perm.HANDLE)
        )
        from gongkai.banshi import feeds
        from gongkai.documents.feeds import PublicEntrySource, register_public_entries

        register_public_entries(
            PublicEntrySource("banshi", entries=feeds.entries, pages=feeds.section_pages)
        )
        register_document_block(DocumentBlock("banshi", document_block, order=10))
        register_title_badge(TitleBadge("banshi", title_badge, order=10))
        from gongkai.search.badges import ResultBadge, register_result_badge

        register_result_badge(ResultBadge("banshi", result_badge, order=10))
        from gongkai.banshi import search_source
        from gongkai.search.sources import SearchSource, register_search_source

        # 办事指南 and 一件事 guides are search records (issue 18)
        register_search_source(
            SearchSource("banshi", search_source.all_records, search_source.changes)
        )
        register_importer(
            "services",
            importer.add_arguments,
            importer.handle,
            "导入权责清单或公共服务事项清单（XLSX/CSV）",
        )
