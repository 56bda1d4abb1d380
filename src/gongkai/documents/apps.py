from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    label = "documents"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.documents import jobs

        jobs.register()
