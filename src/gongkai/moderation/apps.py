from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "gongkai.moderation"
    label = "moderation"
    verbose_name = "先审后发"

    def ready(self) -> None:
        from gongkai.moderation.todo import moderation_todo
        from gongkai.workbench.nav import StaffLink, register_staff_link
        from gongkai.workbench.todo import register_todo_provider

        register_todo_provider("moderation", moderation_todo)
        register_staff_link(
            StaffLink("moderation", "待审核发布", "moderation:queue", order=15, perm="moderate")
        )
