"""manage.py query_killer: cancel the app's statements that run too long (PostgreSQL)."""

from contextlib import suppress

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.killer import (
    KillerSession,
    PostgresQueries,
    QueryKiller,
    database_errors,
    first_line,
)
from core.killer_roles import role_problems

KILLER_APPLICATION_NAME = "query killer"


class Command(BaseCommand):
    help = (
        "Every --interval seconds, cancel the statements of the app (its role, its database and "
        "its application_name) that have run longer than --max-seconds. Logs one line per "
        "cancel; --dry-run and --once also say how many statements were over the limit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-seconds", type=float, default=20)
        parser.add_argument("--interval", type=float, default=10)
        parser.add_argument("--role", help="the app's role (default: the user in DATABASE_URL)")
        parser.add_argument(
            "--database", help="the app's database (default: the one in DATABASE_URL)"
        )
        parser.add_argument("--dry-run", action="store_true", help="log, but cancel nothing")
        parser.add_argument("--once", action="store_true", help="check once, then exit")

    def handle(self, *, max_seconds, interval, role, database, dry_run, once, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The query killer command needs PostgreSQL (set DATABASE_URL). On SQLite no other "
                "process can see the app's statements: use core.killer.QueryKiller in the app's "
                "own process (notebook 04)."
            )
        if max_seconds <= 0 or interval <= 0:
            raise CommandError("--max-seconds and --interval must be positive.")
        db = connection.settings_dict
        role, database = role or db["USER"], database or db["NAME"]
        session = KillerSession(
            host=db["HOST"], port=db["PORT"], dbname=db["NAME"], user=db["USER"],
            password=db["PASSWORD"], application_name=KILLER_APPLICATION_NAME,
        )  # fmt: skip
        try:
            self.check_roles(session, role, database)
            self.run(session, role, database, max_seconds, interval, dry_run, once)
        finally:
            session.close()

    def run(self, session, role, database, max_seconds, interval, dry_run, once):
        killer = QueryKiller(
            max_seconds=max_seconds, interval=interval, dry_run=dry_run, log=self.stdout.write,
            queries=PostgresQueries(session, database), role=role, summary=dry_run or once,
        )  # fmt: skip
        scope = (
            f"role {role}, application {settings.DATABASE_APPLICATION_NAME}, database {database}"
        )
        if once:
            self.stdout.write(f"Checking once for statements over {max_seconds:g} s ({scope}).")
            killer.check_once()
            return
        self.stdout.write(
            f"Watching every {interval:g} s for statements over {max_seconds:g} s ({scope})."
        )
        with suppress(KeyboardInterrupt):  # Ctrl+C stops it
            killer.watch()

    def check_roles(self, session, role, database):
        """Refuse to start a killer that could not see or cancel the app's statements."""
        try:
            with session.cursor() as cursor:
                problems, warnings = role_problems(cursor, role, database)
        except database_errors() as error:
            raise CommandError(f"The database does not answer: {first_line(error)}") from None
        for warning in warnings:
            self.stderr.write(f"Warning: {warning}")
        if problems:
            raise CommandError(" ".join(problems))
