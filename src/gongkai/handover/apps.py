from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "gongkai.handover"
    label = "handover"
    verbose_name = "报送与移交"

    def ready(self) -> None:
        from gongkai.handover import jobs

        jobs.register()
