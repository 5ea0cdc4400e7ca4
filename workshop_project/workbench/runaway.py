"""A statement that keeps the database busy for a given time: the runaway a killer must stop."""

import functools
import sqlite3
import time
from contextlib import closing

from django.db import OperationalError, connection, transaction

COUNTING = (  # counts 1, 2, 3, ... up to a limit, one row at a time
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT %s) "
    "SELECT count(*) FROM n"
)


@functools.cache
def sqlite_rows_per_second():
    """How many rows SQLite counts per second here (a counting query has no sleep).

    Measured on a scratch connection: the app's may have a statement deadline armed.
    """
    rows = 200_000
    with closing(sqlite3.connect(":memory:")) as scratch:
        started = time.perf_counter()
        scratch.execute(COUNTING.replace("%s", "?"), [rows]).fetchall()
        return rows / (time.perf_counter() - started)


def busy(seconds):
    """Run one statement that takes about `seconds`; return (elapsed seconds, error or None).

    It runs in a savepoint, so that when it is cancelled the surrounding transaction is not.
    """
    if connection.vendor == "postgresql":
        sql, params = "SELECT pg_sleep(%s)", [seconds]
    else:
        sql, params = COUNTING, [round(seconds * sqlite_rows_per_second())]
    started = time.perf_counter()
    error = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
    except OperationalError as cancelled:
        error = cancelled
    return time.perf_counter() - started, error
