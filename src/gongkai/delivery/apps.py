from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "gongkai.delivery"
    label = "delivery"
    verbose_name = "对外发送"

    def ready(self) -> None:
        from gongkai.delivery import jobs

        jobs.register()
