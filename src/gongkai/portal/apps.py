from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "门户网站"

    def ready(self) -> None:
        from gongkai.portal.column import register_entry_view
        from gongkai.portal.sections import register_portal_sections
        from gongkai.portal.views import guide_page

        register_entry_view("guide", guide_page)
        register_portal_sections()
