"""manage.py create_roles: the app's PostgreSQL role and the query killer's, least privilege."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# The app logs in, owns its database, and creates databases: a learner's own on first use
# (core.databases), and the test database pytest-django makes for check() and the tests.
APP_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEROLE CREATEDB"
# The killer only logs in: its two grants let it see and cancel other roles' statements.
KILLER_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB"
KILLER_GRANTS = ("pg_read_all_stats", "pg_signal_backend")


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) the app's role: may log in and create databases, not a "
        "superuser; and the query killer's: may log in, see and cancel other roles' statements "
        "(pg_read_all_stats, pg_signal_backend), nothing else. Optionally create databases "
        "owned by the app's role. Run it once per server, with DATABASE_URL naming a superuser."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app", default="workbook", help="the app's role (default: workbook)")
        parser.add_argument(
            "--killer", default="query_killer", help="the killer's role (default: query_killer)"
        )
        parser.add_argument("--app-password", help="default: none (trust or peer login)")
        parser.add_argument("--killer-password", help="default: none (trust or peer login)")
        parser.add_argument(
            "--database", action="append", default=[], metavar="NAME",
            help="a database to create, owned by the app's role (repeatable)",
        )  # fmt: skip

    def handle(self, *, app, killer, app_password, killer_password, database, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Roles are PostgreSQL's: set DATABASE_URL to a PostgreSQL server.")
        for name in (app, killer, *database):
            if not NAME.fullmatch(name):
                raise CommandError(f"{name!r}: use lowercase letters, digits and _ only.")
        with connection.cursor() as cursor:
            self.create_role(cursor, app, APP_ATTRIBUTES, app_password)
            self.create_role(cursor, killer, KILLER_ATTRIBUTES, killer_password)
            cursor.execute(f"GRANT {', '.join(KILLER_GRANTS)} TO {killer}")
            self.stdout.write(f"{killer} may see and cancel others' statements: {KILLER_GRANTS}")
            for name in database:
                self.create_database(cursor, name, app)

    def create_role(self, cursor, name, attributes, password):
        cursor.execute("SELECT FROM pg_roles WHERE rolname = %s", [name])
        verb, done = ("ALTER", "Updated") if cursor.rowcount else ("CREATE", "Created")
        cursor.execute(f"{verb} ROLE {name} {attributes} PASSWORD %s", [password])
        self.stdout.write(f"{done} role {name}: {attributes}")

    def create_database(self, cursor, name, owner):
        cursor.execute("SELECT FROM pg_database WHERE datname = %s", [name])
        if cursor.rowcount:
            cursor.execute(f"ALTER DATABASE {name} OWNER TO {owner}")
            self.stdout.write(f"Database {name} exists; its owner is now {owner}")
        else:
            cursor.execute(f"CREATE DATABASE {name} OWNER {owner}")
            self.stdout.write(f"Created database {name}, owned by {owner}")
