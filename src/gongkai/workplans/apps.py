from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "gongkai.workplans"
    label = "workplans"
    verbose_name = "工作台账"

    def ready(self) -> None:
        from gongkai.workplans import wiring

        wiring.register()
