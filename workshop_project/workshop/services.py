"""The services the settings name (a database, a cache, a broker): whether each answers, and when
one does not, a paragraph that names the variable to fix and how.

Each connection gives up after settings.CONNECT_TIMEOUT seconds: a server that accepts but
never answers is reported, not waited for.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class ServiceProblem(Exception):
    """A service named in the environment that does not answer; the message says what to do."""


def check_database():
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as error:
        if (paragraph := explain(error)) is None:
            raise
        raise ServiceProblem(paragraph) from None


def check_cache():
    """Reach Redis at REDIS_URL (the in-process fakeredis is always there)."""
    if not settings.REDIS_URL:
        return
    from django.core.cache import cache

    try:
        cache.get("workbook:check")
    except Exception as error:
        if (paragraph := explain(error)) is None:
            raise
        raise ServiceProblem(paragraph) from None


def check_broker():
    """Connect to CELERY_BROKER_URL once (the in-process broker is always there)."""
    if settings.CELERY_BROKER_URL == settings.IN_PROCESS_BROKER_URL:
        return
    from workshop.celery import app

    timeouts = {
        "socket_timeout": settings.CONNECT_TIMEOUT,
        "socket_connect_timeout": settings.CONNECT_TIMEOUT,
    }
    try:
        with app.connection_for_write(transport_options=timeouts) as broker:
            broker.ensure_connection(max_retries=1, timeout=settings.CONNECT_TIMEOUT)
    except Exception as error:
        if (paragraph := explain(error)) is None:
            raise
        raise ServiceProblem(paragraph) from None


def explain(error):
    """A paragraph saying what a failed connection means and what to do, or None for errors
    that are not about reaching a service (a cancelled query, a bug)."""
    import kombu.exceptions
    import redis.exceptions
    from django.db import OperationalError

    if isinstance(error, ImproperlyConfigured | ServiceProblem):
        return str(error)
    if isinstance(error, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return cache_problem(error)
    if isinstance(error, kombu.exceptions.OperationalError):
        return broker_problem(error)
    if isinstance(error, OperationalError):
        return database_problem(error)
    return None


def database_problem(error):
    from django.db import connection

    db, text = connection.settings_dict, first_line(error)
    if connection.vendor == "sqlite":
        if "unable to open database file" not in text:
            return None
        return (
            f"The SQLite database {db['NAME']} cannot be opened ({text}): was its folder deleted? "
            "In a notebook, run boot() again: it sets up a new database. In a terminal: make seed."
        )
    where, name, user = f"{db['HOST']}:{db['PORT']}", db["NAME"], db["USER"]
    unset = "or unset DATABASE_URL to use the built-in SQLite file"
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if sqlstate is not None:
        return None  # an error in a working session: a cancelled statement, a constraint...
    # Refused before a session starts: libpq's messages say why.
    if f'database "{name}" does not exist' in text:
        return (
            f"The database {name!r} in DATABASE_URL does not exist on {where}. Create it with "
            f"`createdb -h {db['HOST']} -p {db['PORT']} -U {user} {name}`, {unset}."
        )
    if "authentication failed" in text or f'role "{user}" does not exist' in text:
        return (
            f"PostgreSQL at {where} refused the login of {user!r} ({text}): check the user and "
            f"password in DATABASE_URL, {unset}."
        )
    if "timeout expired" in text:
        return (
            f"The database server at {where} (DATABASE_URL) did not answer within "
            f"{settings.CONNECT_TIMEOUT} s: check the host and port in DATABASE_URL, {unset}."
        )
    if "Connection refused" in text:
        return f"Nothing answers at {where} (DATABASE_URL): start PostgreSQL there, {unset}."
    return f"The database at {where} (DATABASE_URL) does not answer ({text}): check it, {unset}."


def cache_problem(error):
    return (
        f"Redis at REDIS_URL does not answer ({first_line(error)}; it may wait "
        f"{settings.CONNECT_TIMEOUT} s): start it, or unset REDIS_URL to use the in-process "
        "fakeredis."
    )


def broker_problem(error):
    instead = "REDIS_URL" if settings.REDIS_URL else "the in-process broker"
    return (
        f"The Celery broker at CELERY_BROKER_URL does not answer ({first_line(error)}): start "
        f"it, or unset CELERY_BROKER_URL to use {instead}."
    )


def first_line(error):
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
