from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Project-wide base classes"

    def ready(self):
        from core.killer import track_sqlite_statements

        connection_created.connect(track_sqlite_statements)
