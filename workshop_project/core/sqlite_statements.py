"""The SQLite statements this process is running, registered while they run: SQLite has no
server to list them, so this is what the query killer sees there (core.killer.SqliteQueries).
"""

import itertools
import time
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Statement:
    raw_connection: object
    application_name: str  # core.timeouts sets it on the connection for a block without limit
    started: float  # time.monotonic()
    sql: str


_running = {}  # pid: Statement
_pids = itertools.count(1)


def running():
    """(pid, Statement) for each statement running now."""
    return list(_running.items())


def get(pid):
    """The statement running under pid, or None once it has ended."""
    return _running.get(pid)


def track_statement(execute, sql, params, many, context):
    """An execute wrapper registering each SQLite statement while it runs."""
    pid = next(_pids)
    wrapper = context["connection"]
    name = getattr(wrapper, "application_name", settings.DATABASE_APPLICATION_NAME)
    _running[pid] = Statement(wrapper.connection, name, time.monotonic(), sql)
    try:
        return execute(sql, params, many, context)
    finally:
        del _running[pid]


def track_sqlite_statements(sender, connection, **kwargs):
    """On each new SQLite connection, register its statements for the query killer."""
    if connection.vendor == "sqlite" and track_statement not in connection.execute_wrappers:
        connection.execute_wrappers.append(track_statement)
