from django.apps import AppConfig
from django.utils.translation import gettext_noop


class FinderConfig(AppConfig):
    name = "gongkai.finder"
    label = "finder"
    verbose_name = "政策北斗与精准推送"

    def ready(self) -> None:
        from gongkai.core.jobs import register_tick_job
        from gongkai.documents.blocks import register_publish_check
        from gongkai.finder.services import digest_tick
        from gongkai.finder.wiring import publish_check
        from gongkai.portal.sections import SiteSection, register_section

        register_section(SiteSection("finder", gettext_noop("政策北斗"), "finder:finder", order=65))
        register_tick_job("finder.digest", digest_tick)
        register_publish_check("finder.tags", publish_check)
        from gongkai.documents.blocks import DocumentBlock, register_document_block
        from gongkai.finder.views import document_block

        register_document_block(DocumentBlock("finder", document_block, order=12))
        from gongkai.documents.blocks import register_staff_document_block
        from gongkai.finder.wiring import staff_document_block

        register_staff_document_block(DocumentBlock("finder", staff_document_block, order=10))
        from gongkai.finder.selectors import tags_for_search
        from gongkai.search.documents_source import register_document_metadata

        register_document_metadata("finder", tags_for_search)
        from gongkai.workbench.nav import StaffLink, register_staff_link

        register_staff_link(StaffLink("finder", "政策推送", "finder_staff:home", 34, "handle"))
        from gongkai.demo.hooks import register_demo_builder
        from gongkai.finder.demo import demo_builder

        register_demo_builder("finder", demo_builder)
