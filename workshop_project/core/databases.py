"""A learner's own PostgreSQL database, created on first use when the app's role may."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

MAINTENANCE_DATABASE = "postgres"  # every server has it: where CREATE DATABASE is run from


class DatabaseMissing(ImproperlyConfigured):
    """The database DATABASE_URL names does not exist, and the app's role may not create it."""


def ensure_database():
    """Create the PostgreSQL database the settings name if it is missing; return whether it
    was created. Needs the CREATEDB privilege (manage.py create_roles gives it to the app)."""
    if connection.vendor != "postgresql":
        return False
    import psycopg  # PostgreSQL's driver, loaded where it is used: SQLite processes skip it
    from psycopg import sql

    db = connection.settings_dict
    try:
        server = psycopg.connect(
            host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
            dbname=MAINTENANCE_DATABASE, autocommit=True, connect_timeout=settings.CONNECT_TIMEOUT,
        )  # fmt: skip
    except psycopg.OperationalError:
        return False  # the app's own connection says what is wrong
    with server:
        if server.execute("SELECT FROM pg_database WHERE datname = %s", [db["NAME"]]).rowcount:
            return False
        try:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        except psycopg.errors.InsufficientPrivilege:
            raise DatabaseMissing(
                f"The database {db['NAME']} does not exist, and the role {db['USER']} may not "
                f"create it: ask whoever runs the server for `manage.py create_roles --database "
                f"{db['NAME']}`, or name an existing database in DATABASE_URL."
            ) from None
    return True
