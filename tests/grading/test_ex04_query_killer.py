"""Autograder for exercise 04: the query killer's kill step.

The kill step is graded on a list of running statements the checks write themselves (the app's
own, another role's, a person's psql session...), so that every rule is graded the same on
SQLite and PostgreSQL, and no point depends on how fast this machine is. One check then runs
the real watchdog against a real runaway statement on this database.
"""

from datetime import UTC, datetime, timedelta

import pytest

from core.killer import QueryKiller, RunningQuery, kill_runaways, running_queries
from core.middleware import was_cancelled
from core.timeouts import statement_timeout
from forum.models import Comment
from workbench.runaway import busy

pytestmark = pytest.mark.django_db
APP, ROLE, LIMIT = "workbook", "workbook_app", 2.0
SELECT_HINT = (
    "Pick the statements of the app's own role AND application_name that have run longer "
    "than max_seconds, and cancel each with queries.cancel(pid)."
)


class Statements:
    """Running statements the check chose, and the pids kill_runaways() cancelled."""

    def __init__(self, *queries):
        self.queries = list(queries)
        self.cancelled = []

    def running(self):
        return list(self.queries)

    def cancel(self, pid):
        self.cancelled.append(pid)


class Cancels:
    """This database's running statements, recording the pids cancelled."""

    def __init__(self, queries):
        self.queries = queries
        self.cancelled = []

    def running(self):
        return self.queries.running()

    def cancel(self, pid):
        self.cancelled.append(pid)
        self.queries.cancel(pid)


def statement(pid, age, role=ROLE, application_name=APP):
    started = datetime.now(UTC) - timedelta(seconds=age)
    return RunningQuery(pid, role, application_name, started, age, f"SELECT {pid} /* runaway */")


def kill(queries, dry_run=False):
    """Run the kill step once, as the watchdog does; return (picked, lines logged)."""
    log = []
    picked = kill_runaways(
        queries, max_seconds=LIMIT, role=ROLE, application_name=APP, dry_run=dry_run,
        log=log.append,
    )  # fmt: skip
    return picked, log


@pytest.mark.points(3, hint=SELECT_HINT, title="the app's statements over the limit are cancelled")
def test_the_apps_statements_over_the_limit_are_cancelled():
    queries = Statements(statement(101, age=5), statement(102, age=LIMIT + 0.1))
    kill(queries)
    assert sorted(queries.cancelled) == [101, 102], f"cancelled {queries.cancelled}"


# A rule about what to spare earns its points only with the app's runaway beside it cancelled.


@pytest.mark.points(2, hint="Only statements older than max_seconds: compare their age.")
def test_statements_under_the_limit_survive():
    young = statement(102, age=LIMIT - 0.1), statement(103, age=0.01)
    queries = Statements(statement(101, age=5), *young)
    kill(queries)
    assert queries.cancelled == [101], f"cancelled {queries.cancelled}, not just 101"


@pytest.mark.points(
    2,
    hint="Another role's statements are not the app's: match the role too.",
    title="another role's statement survives",
)
def test_another_roles_statement_survives():
    queries = Statements(statement(201, age=30, role="reporting"), statement(101, age=5))
    kill(queries)
    assert queries.cancelled == [101], f"cancelled {queries.cancelled}, not just 101"


@pytest.mark.points(
    1, hint="A person in psql under the app's role is not the app: match the application_name."
)
def test_a_session_of_another_application_survives():
    queries = Statements(statement(301, age=30, application_name="psql"), statement(101, age=5))
    kill(queries)
    assert queries.cancelled == [101], f"cancelled {queries.cancelled}, not just 101"


@pytest.mark.points(2, hint="With dry_run, log each statement you would cancel, cancel none.")
def test_a_dry_run_logs_but_cancels_nothing():
    queries = Statements(statement(101, age=5))
    _, log = kill(queries, dry_run=True)
    assert queries.cancelled == [], f"a dry run cancelled {queries.cancelled}"
    assert any("101" in line for line in log), "a dry run must still log what it would cancel"
    kill(queries)
    assert queries.cancelled == [101], "without dry_run, the runaway was not cancelled"


@pytest.mark.points(1, hint="Log one line per statement, with its pid, age and start time.")
def test_each_cancel_is_logged_on_a_line_with_its_pid():
    queries = Statements(statement(101, age=5), statement(102, age=9))
    _, log = kill(queries)
    assert len(log) == 2, f"{len(log)} lines logged for 2 cancels"
    for pid in ("101", "102"):
        assert any(pid in line for line in log), f"pid {pid} is missing from the log"


@pytest.mark.points(1, hint="Return the statements you picked (RunningQuery objects).")
def test_the_statements_picked_are_returned():
    runaway = statement(101, age=5)
    picked, _ = kill(Statements(runaway, statement(102, age=1)))
    assert list(picked or []) == [runaway], f"returned {picked!r}"


@pytest.mark.points(
    2,
    hint="Cancel with queries.cancel(pid) (do not close anything): the statement fails, and the "
    "app's connection works for the next query.",
)
def test_the_watchdog_cancels_a_real_runaway_and_the_app_goes_on():
    """A runaway that would run a minute, under a 0.1 s limit; a statement timeout ends it after
    1.5 s (ten times what a right answer takes) if the kill step does not, so that a wrong answer
    costs this check only."""
    kill(Statements())  # a kill step that cannot run at all fails now, not after the runaway
    queries = Cancels(running_queries())
    watchdog = QueryKiller(max_seconds=0.1, interval=0.05, queries=queries, log=lambda line: None)
    with statement_timeout(1.5), watchdog:
        error = busy(60)[1]
    assert queries.cancelled, "the watchdog did not cancel the runaway"
    assert was_cancelled(error), f"the runaway did not end as cancelled: {error!r}"
    assert Comment.objects.exists(), "the app's connection no longer works"
