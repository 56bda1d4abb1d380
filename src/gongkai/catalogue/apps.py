from django.apps import AppConfig
from django.utils.translation import gettext_noop


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    label = "catalogue"
    verbose_name = "政务公开事项标准目录"

    def ready(self) -> None:
        from gongkai.catalogue import feeds, importer
        from gongkai.catalogue.demo import demo_builder
        from gongkai.catalogue.figures import catalogue_figures
        from gongkai.catalogue.links import register_document_link_kinds
        from gongkai.catalogue.todo import catalogue_todo
        from gongkai.core.importers import register_importer
        from gongkai.demo.hooks import register_demo_builder
        from gongkai.documents.feeds import PublicEntrySource, register_public_entries
        from gongkai.portal.sections import SiteSection, register_section
        from gongkai.workbench.figures import FigureGroup, register_figure_group
        from gongkai.workbench.nav import StaffLink, register_staff_link
        from gongkai.workbench.todo import register_todo_provider

        register_demo_builder("catalogue", demo_builder)
        register_document_link_kinds()
        register_section(
            SiteSection("catalogue", gettext_noop("标准目录"), "catalogue:index", order=60)
        )
        register_staff_link(
            StaffLink("catalogue", "标准目录", "catalogue_staff:list", 30, "handle")
        )
        register_staff_link(
            StaffLink(
                "catalogue-overview",
                "标准化总览",
                "catalogue_staff:overview",
                91,
                "view_statistics",
            )
        )
        register_todo_provider("catalogue", catalogue_todo)
        register_public_entries(
            PublicEntrySource("catalogue", entries=feeds.entries, pages=feeds.section_pages)
        )
        register_figure_group(
            FigureGroup("catalogue", "政务公开事项标准目录", catalogue_figures, 30)
        )
        register_importer(
            "catalogue",
            importer.add_arguments,
            importer.handle,
            "导入政务公开事项标准目录（国家标准目录格式的 XLSX/CSV）到机构的草稿",
        )
