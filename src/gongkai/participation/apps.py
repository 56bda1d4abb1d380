from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = "重大行政决策与公众参与"

    def ready(self) -> None:
        from gongkai.participation import wiring

        wiring.register()
