"""manage.py create_database: create the PostgreSQL database DATABASE_URL names, if missing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.databases import DatabaseMissing, ensure_database


class Command(BaseCommand):
    help = (
        "Create the PostgreSQL database that DATABASE_URL names (by default workbook_<OS user>) "
        "if it does not exist; the app's role needs CREATEDB. Does nothing on SQLite."
    )

    def handle(self, **options):
        try:
            created = ensure_database()
        except DatabaseMissing as error:
            raise CommandError(error) from None
        if created:
            self.stdout.write(f"Created the database {connection.settings_dict['NAME']}.")
