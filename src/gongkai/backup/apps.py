from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "gongkai.backup"
    label = "backup"
    verbose_name = "备份与恢复"

    def ready(self) -> None:
        from gongkai.backup.services import scheduled_backup_tick
        from gongkai.core.jobs import register_tick_job

        register_tick_job("backup.scheduled", scheduled_backup_tick)
