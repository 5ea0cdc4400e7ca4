"""Statement timeouts: the database cancels a statement that runs longer than a limit.

PostgreSQL enforces `statement_timeout` itself: for every statement from the settings
(DATABASES OPTIONS), and for one block with `SET LOCAL` inside a transaction. SQLite has no
such setting; its analogue is a progress handler, which SQLite calls every few hundred virtual
machine instructions and which interrupts the statement once the deadline has passed.
"""

import time
from contextlib import contextmanager

from django.db import connection, transaction

PROGRESS_EVERY = 1000  # SQLite instructions between two looks at the clock


@contextmanager
def statement_timeout(seconds):
    """Cancel any statement of the block that runs longer than `seconds` (None: no limit).

    The block runs in a transaction (a savepoint if one is open already): a cancelled statement
    rolls back the block's writes, and the connection stays usable.

    >>> with statement_timeout(10):
    ...     rows = list(slow_report())
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            previous = set_local_statement_timeout(f"{round((seconds or 0) * 1000)}ms")
            yield
            # SET LOCAL lasts to the end of the outermost transaction; a savepoint rolled back
            # by an error undoes it, but one released does not: put the outer limit back.
            set_local_statement_timeout(previous)
        elif seconds is None:
            yield
        else:
            with sqlite_deadline(seconds):
                yield


def set_local_statement_timeout(value):
    """Set PostgreSQL's statement_timeout for this transaction; return the value it had."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'),"
            " set_config('statement_timeout', %s, true)",
            [value],
        )
        return cursor.fetchone()[0]


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
