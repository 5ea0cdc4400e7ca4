"""manage.py query_killer: cancel the app's statements that run too long (PostgreSQL)."""

from contextlib import suppress

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.killer import QueryKiller


class Command(BaseCommand):
    help = (
        "Every --interval seconds, cancel the app's own statements (by role and application_name) "
        "that have run longer than --max-seconds. Logs one line per cancel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-seconds", type=float, default=20)
        parser.add_argument("--interval", type=float, default=10)
        parser.add_argument("--dry-run", action="store_true", help="log, but cancel nothing")
        parser.add_argument("--once", action="store_true", help="check once, then exit")

    def handle(self, *, max_seconds, interval, dry_run, once, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The query killer command needs PostgreSQL (set DATABASE_URL). On SQLite no other "
                "process can see the app's statements: use core.killer.QueryKiller in the app's "
                "own process (notebook 04)."
            )
        if max_seconds <= 0 or interval <= 0:
            raise CommandError("--max-seconds and --interval must be positive.")
        killer = QueryKiller(
            max_seconds=max_seconds, interval=interval, dry_run=dry_run, log=self.stdout.write
        )
        if once:
            killer.check_once()
            return
        self.stdout.write(f"Watching every {interval:g} s for statements over {max_seconds:g} s.")
        with suppress(KeyboardInterrupt):  # Ctrl+C stops it
            killer.watch()
