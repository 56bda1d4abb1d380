from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "gongkai.workbench"
    label = "workbench"
    verbose_name = "工作台"

    def ready(self) -> None:
        from gongkai.workbench import signals  # noqa: F401
