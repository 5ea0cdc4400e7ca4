"""Exercise 04: the query killer's kill step.

`core.killer.QueryKiller` (and `manage.py query_killer`) wakes up every `interval` seconds and
calls `kill_runaways()` below. `queries` is the database's list of running statements:
- `queries.running()` returns a list of `core.killer.RunningQuery` (pid, role,
  application_name, started, age in seconds, query): on PostgreSQL every client session's
  active statement in the app's database, whoever runs it; on SQLite the statements of this
  process. The project leaves out the killer's own session, other databases, background
  workers and blocks that opted out of limits (`statement_timeout(None)`);
- `queries.cancel(pid)` cancels that statement (pg_cancel_backend() or interrupt()): the
  statement fails, the session and its connection survive.

Task: write `kill_runaways()` to cancel the app's own statements (the given `role` AND
`application_name`: never another role's, nor a person's psql session under the app's role)
that have run longer than `max_seconds`. Call `log()` with one line per statement, saying its
pid, age and start time. With `dry_run`, log but cancel nothing. Return the statements picked.

Check: `check("ex04")` in notebook 04, or `make check EX=ex04` in a terminal.
"""

from core.extension_points import NotWrittenYet


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    """Cancel the app's own statements running longer than max_seconds; return them."""
    raise NotWrittenYet("ex04")
