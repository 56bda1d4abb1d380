from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "gongkai.workbench"
    label = "workbench"
    verbose_name = "工作台"

    def ready(self) -> None:
        from gongkai.workbench import signals  # noqa: F401
        from gongkai.workbench.nav import StaffLink, register_staff_link

        register_staff_link(
            StaffLink("supervision", "监督统计", "workbench:supervision", 90, "view_statistics")
        )
