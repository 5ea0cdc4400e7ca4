"""The query killer: a watchdog that cancels the app's own statements once they run too long.

Every `interval` seconds it lists the running statements, picks the app's own that have run
longer than `max_seconds` and cancels them: `kill_runaways()`, which exercise 04 writes. On
PostgreSQL it sees every session in pg_stat_activity and cancels with pg_cancel_backend(); on
SQLite, which has no server, it sees the statements this process runs and cancels them with
interrupt().
"""

import itertools
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection

from core.extension_points import extension_point


@dataclass(frozen=True)
class RunningQuery:
    pid: int
    role: str
    application_name: str
    started: datetime
    age: float  # seconds
    query: str


class PostgresQueries:
    """Every session's running statement, from pg_stat_activity; cancel with pg_cancel_backend.

    `db` is anything with a DB-API `cursor()`: a Django connection, or a psycopg connection
    logged in as a dedicated killer role.
    """

    RUNNING = """
        SELECT pid, usename, application_name, query_start,
               EXTRACT(EPOCH FROM clock_timestamp() - query_start), query
        FROM pg_stat_activity
        WHERE state = 'active' AND pid <> pg_backend_pid() AND query_start IS NOT NULL
    """

    def __init__(self, db):
        self.db = db

    def running(self):
        with self.db.cursor() as cursor:
            cursor.execute(self.RUNNING)
            return [RunningQuery(*row[:4], float(row[4]), row[5]) for row in cursor.fetchall()]

    def cancel(self, pid):
        with self.db.cursor() as cursor:
            cursor.execute("SELECT pg_cancel_backend(%s)", [pid])


@dataclass(frozen=True)
class Statement:
    raw_connection: object
    started: float  # time.monotonic()
    sql: str


_statements = {}  # pid: Statement, for the SQLite statements running in this process
_pids = itertools.count(1)


def track_statement(execute, sql, params, many, context):
    """An execute wrapper registering each SQLite statement while it runs."""
    pid = next(_pids)
    _statements[pid] = Statement(context["connection"].connection, time.monotonic(), sql)
    try:
        return execute(sql, params, many, context)
    finally:
        del _statements[pid]


class SqliteQueries:
    """The statements this process runs on SQLite, as `track_statement` registers them."""

    def running(self):
        now, queries = time.monotonic(), []
        for pid, statement in list(_statements.items()):
            age = now - statement.started
            started = datetime.now(UTC) - timedelta(seconds=age)
            name = settings.DATABASE_APPLICATION_NAME
            queries.append(RunningQuery(pid, app_role(), name, started, age, statement.sql))
        return queries

    def cancel(self, pid):
        if statement := _statements.get(pid):
            statement.raw_connection.interrupt()


def track_sqlite_statements(sender, connection, **kwargs):
    """On each new SQLite connection, register its statements for the query killer."""
    if connection.vendor == "sqlite" and track_statement not in connection.execute_wrappers:
        connection.execute_wrappers.append(track_statement)


def running_queries(db=None):
    """The running-statements source for the database in use (or for `db`, on PostgreSQL)."""
    return SqliteQueries() if connection.vendor == "sqlite" else PostgresQueries(db or connection)


def app_role():
    return connection.settings_dict["USER"] or ""


@extension_point("ex04")
def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    """The kill step: cancel the app's statements running over max_seconds, and return them.

    Naive: the project has no query killer yet, so nothing is cancelled.
    """
    return []


class QueryKiller:
    """Run the kill step every `interval` seconds in a thread: `with QueryKiller(...):`."""

    def __init__(self, *, max_seconds, interval, dry_run=False, log=print, queries=None, role=None):
        """`queries` and `role` default to the database in use and the app's own role."""
        self.max_seconds = max_seconds
        self.interval = interval
        self.dry_run = dry_run
        self.log = log
        self.queries = queries
        self.role = role
        self.killed = []
        self.error = None  # what stopped the watching thread, raised again on leaving the block
        self._stop = threading.Event()
        self._thread = None

    def check_once(self):
        """Cancel the app's runaway statements now; return those it cancelled (or would have)."""
        queries = self.queries or running_queries()
        killed = kill_runaways(
            queries,
            max_seconds=self.max_seconds,
            role=self.role if self.role is not None else app_role(),
            application_name=settings.DATABASE_APPLICATION_NAME,
            dry_run=self.dry_run,
            log=self.log,
        )
        self.killed += killed
        return killed

    def watch(self):
        """Check every `interval` seconds until stopped."""
        while not self._stop.wait(self.interval):
            self.check_once()

    def _watch_in_thread(self):
        try:
            self.watch()
        except Exception as error:
            self.error = error
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self):
        self._thread = threading.Thread(target=self._watch_in_thread, name="query-killer")
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, traceback):
        self._stop.set()
        self._thread.join()
        if self.error is not None and exc is None:
            raise self.error
