"""The query killer: a watchdog that cancels the app's own statements once they run too long.

Every `interval` seconds it lists the running statements, picks the app's own that have run
longer than `max_seconds` and cancels them: `kill_runaways()`, which exercise 04 writes. On
PostgreSQL it sees the client sessions of one database in pg_stat_activity and cancels with
pg_cancel_backend(); on SQLite, which has no server, it sees the statements this process runs
and cancels them with interrupt(). Either way, the list leaves out the killer's own session and
the blocks that opted out of limits (`statement_timeout(None)`), so no answer can cancel them.
"""

import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import Error, connection

from core import sqlite_statements
from core.extension_points import extension_point
from core.timeouts import unlimited_name

MAX_RETRY_SECONDS = 60  # the longest wait between two attempts to reconnect


@dataclass(frozen=True)
class RunningQuery:
    pid: int
    role: str
    application_name: str
    started: datetime
    age: float  # seconds
    query: str


class PostgresQueries:
    """The running statements of one database's client sessions, from pg_stat_activity; cancel
    with pg_cancel_backend.

    `db` is anything with a DB-API `cursor()` and `close()`: a Django connection, or a
    `KillerSession` logged in as a dedicated killer role. `database` defaults to the one `db`
    is connected to. Other databases' sessions, background workers (autovacuum, replication),
    the killer's own session and blocks run under `statement_timeout(None)` are left out.
    """

    RUNNING = """
        SELECT pid, usename, application_name, query_start,
               EXTRACT(EPOCH FROM clock_timestamp() - query_start), query
        FROM pg_stat_activity
        WHERE datname = COALESCE(%(database)s, current_database())
          AND backend_type = 'client backend'
          AND state = 'active' AND query_start IS NOT NULL
          AND pid <> pg_backend_pid()
          AND application_name <> %(unlimited)s
    """

    def __init__(self, db, database=None):
        self.db = db
        self.database = database

    def running(self):
        with self.db.cursor() as cursor:
            cursor.execute(self.RUNNING, {"database": self.database, "unlimited": unlimited_name()})
            return [RunningQuery(*row[:4], float(row[4]), row[5]) for row in cursor.fetchall()]

    def cancel(self, pid):
        with self.db.cursor() as cursor:
            cursor.execute("SELECT pg_cancel_backend(%s)", [pid])

    def reset(self):
        """Close a connection that failed: the next statement opens a new one."""
        self.db.close()


class KillerSession:
    """A PostgreSQL session of the killer's own (autocommit), opened when first used and again
    after `close()`: the `db` of `PostgresQueries` in `manage.py query_killer`."""

    def __init__(self, **conninfo):
        self.conninfo = conninfo
        self._session = None

    def cursor(self):
        if self._session is None or self._session.closed:
            import psycopg  # PostgreSQL's driver, loaded where it is used: SQLite processes skip it

            self._session = psycopg.connect(**self.conninfo, autocommit=True)
        return self._session.cursor()

    def close(self):
        if self._session is not None:
            self._session.close()
            self._session = None


class SqliteQueries:
    """The statements this process runs on SQLite, as core.sqlite_statements registers them, but
    those of blocks that opted out of limits (`statement_timeout(None)`)."""

    def running(self):
        now, queries = time.monotonic(), []
        for pid, statement in sqlite_statements.running():
            if statement.application_name == unlimited_name():
                continue
            age = now - statement.started
            started = datetime.now(UTC) - timedelta(seconds=age)
            queries.append(
                RunningQuery(
                    pid, app_role(), statement.application_name, started, age, statement.sql
                )
            )
        return queries

    def cancel(self, pid):
        if statement := sqlite_statements.get(pid):
            statement.raw_connection.interrupt()

    def reset(self):
        """Nothing to reconnect: the statements are this process's own."""


def running_queries(db=None):
    """The running-statements source for the database in use (or for `db`, on PostgreSQL)."""
    return SqliteQueries() if connection.vendor == "sqlite" else PostgresQueries(db or connection)


def database_errors():
    """Django's wrapped errors, and a raw psycopg session's (KillerSession's) once psycopg is
    loaded: before, no such session exists to raise them."""
    psycopg = sys.modules.get("psycopg")
    return (Error, psycopg.Error) if psycopg else (Error,)


def app_role():
    return connection.settings_dict["USER"] or ""


def first_line(error):
    """An error's message, on one line."""
    return (str(error).strip() or type(error).__name__).splitlines()[0]


@extension_point("ex04")
def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    """The kill step: cancel the app's statements running over max_seconds, and return them.

    Naive: the project has no query killer yet, so nothing is cancelled.
    """
    return []


class QueryKiller:
    """Run the kill step every `interval` seconds in a thread: `with QueryKiller(...):`.

    When the database connection drops, it logs it and tries again, waiting twice as long
    after each failure (up to MAX_RETRY_SECONDS); it logs when it is back.
    """

    def __init__(
        self, *, max_seconds, interval, dry_run=False, log=print, queries=None, role=None,
        summary=False,
    ):  # fmt: skip
        """`queries` and `role` default to the database in use and the app's own role; with
        `summary`, each check also logs how many statements it found over the limit."""
        self.max_seconds = max_seconds
        self.interval = interval
        self.dry_run = dry_run
        self.log = log
        self.queries = queries
        self.role = role
        self.summary = summary
        self.killed = []
        self.error = None  # what stopped the watching thread, raised again on leaving the block
        self._stop = threading.Event()
        self._thread = None

    def check_once(self):
        """Cancel the app's runaway statements now; return those it cancelled (or would have)."""
        queries = self.queries or running_queries()
        role = self.role if self.role is not None else app_role()
        killed = kill_runaways(
            queries,
            max_seconds=self.max_seconds,
            role=role,
            application_name=settings.DATABASE_APPLICATION_NAME,
            dry_run=self.dry_run,
            log=self.log,
        )
        self.killed += killed
        if self.summary:
            count = f"{len(killed)} statement{'' if len(killed) == 1 else 's'}"
            self.log(f"{count} over {self.max_seconds:g} s (role {role})")
        return killed

    def watch(self):
        """Check every `interval` seconds until stopped, reconnecting when the database drops."""
        wait, failures = self.interval, 0
        while not self._stop.wait(wait):
            try:
                self.check_once()
            except database_errors() as error:
                failures += 1
                wait = min(self.interval * 2**failures, MAX_RETRY_SECONDS)
                self.log(
                    f"lost the database connection ({first_line(error)}); retrying in {wait:g} s"
                )
                (self.queries or running_queries()).reset()
            else:
                if failures:
                    self.log(f"reconnected after {failures} failed attempt(s)")
                wait, failures = self.interval, 0

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
