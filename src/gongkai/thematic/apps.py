from django.apps import AppConfig


class ThematicConfig(AppConfig):
    name = "gongkai.thematic"
    label = "thematic"
    verbose_name = "重点领域信息公开"

    def ready(self) -> None:
        from gongkai.thematic.wiring import connect

        connect()
