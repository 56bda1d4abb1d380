from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "gongkai.faq"
    label = "faq"
    verbose_name = "常见问题与知识库"

    def ready(self) -> None:
        from gongkai.faq import wiring

        wiring.connect()
