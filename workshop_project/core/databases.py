"""A learner's own PostgreSQL database, created on first use when the app's role may."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection

MAINTENANCE_DATABASE = "postgres"  # every server has it: where CREATE DATABASE is run from


class DatabaseMissing(ImproperlyConfigured):
    """The database DATABASE_URL names does not exist, and the app's role may not create it."""


def ensure_database():
    """Create the PostgreSQL database the settings name if it is missing; return whether it
    was created. Needs the CREATEDB privilege (manage.py create_roles gives it to the app).
    Any other reason the app cannot connect is raised (workshop.services.explain says it)."""
    if connection.vendor != "postgresql" or database_exists():
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


def database_exists():
    """Whether the app's own connection opens; False only when its database is missing. Tried
    first, so that a server that does not answer is waited for once, not once per connection."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        name = connection.settings_dict["NAME"]
        if f'database "{name}" does not exist' not in str(error):
            raise
        return False
    return True
