"""Statement timeouts: the database cancels a statement that runs longer than a limit.

PostgreSQL enforces `statement_timeout` itself: for every statement from the settings
(DATABASES OPTIONS), and for one block with `SET LOCAL` inside a transaction. SQLite has no
such setting; its analogue is a progress handler, which SQLite calls every few hundred virtual
machine instructions and which interrupts the statement once the deadline has passed.

A block that opted out of limits, `statement_timeout(None)`, is also one the query killer
(core.killer) leaves alone: it runs under an application_name of its own.
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

PROGRESS_EVERY = 1000  # SQLite instructions between two looks at the clock


@contextmanager
def statement_timeout(seconds):
    """Cancel any statement of the block that runs longer than `seconds` (None: no limit).

    The block runs in a transaction (a savepoint if one is open already): a cancelled statement
    rolls back the block's writes, and the connection stays usable. A block with no limit also
    runs under its own application_name (`unlimited_name()`), which the query
    killer spares: it opted out of limits.

    >>> with statement_timeout(10):
    ...     rows = list(slow_report())
    """
    name = settings.DATABASE_APPLICATION_NAME if seconds is not None else unlimited_name()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            limit = f"{round((seconds or 0) * 1000)}ms"
            previous = set_local(statement_timeout=limit, application_name=name)
            yield
            # SET LOCAL lasts to the end of the outermost transaction; a savepoint rolled back
            # by an error undoes it, but one released does not: put the outer values back.
            set_local(**previous)
        else:
            with sqlite_application_name(name):
                if seconds is None:
                    yield
                else:
                    with sqlite_deadline(seconds):
                        yield


def unlimited_name():
    """The application_name of blocks that opted out of limits: statement_timeout(None)."""
    return f"{settings.DATABASE_APPLICATION_NAME} (no limit)"


def set_local(**values):
    """Set PostgreSQL settings for this transaction; return the values they had."""
    previous = {}
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(
                "SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value]
            )
            previous[name] = cursor.fetchone()[0]
    return previous


@contextmanager
def sqlite_application_name(name):
    """Run the block's SQLite statements under an application_name (core.killer tracks it)."""
    previous = getattr(connection, "application_name", settings.DATABASE_APPLICATION_NAME)
    connection.application_name = name
    try:
        yield
    finally:
        connection.application_name = previous


@contextmanager
def sqlite_deadline(seconds):
    """Interrupt any statement still running `seconds` after it started (SQLite)."""
    started = {}

    def start_clock(execute, sql, params, many, context):
        started["at"] = time.monotonic()  # armed until the next statement: rows are fetched later
        return execute(sql, params, many, context)

    def over_time():
        return "at" in started and time.monotonic() - started["at"] > seconds

    connection.ensure_connection()
    raw = connection.connection
    raw.set_progress_handler(over_time, PROGRESS_EVERY)
    try:
        with connection.execute_wrapper(start_clock):
            yield
    finally:
        raw.set_progress_handler(None, PROGRESS_EVERY)
