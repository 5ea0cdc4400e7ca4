from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Project-wide base classes"

    def ready(self):
        from core.sqlite_statements import track_sqlite_statements

        make_sqlite_folders()
        connection_created.connect(track_sqlite_statements)


def make_sqlite_folders():
    """Create the folder of each SQLite database file, so that the first connection can."""
    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.sqlite3" and database["NAME"] != ":memory:":
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
