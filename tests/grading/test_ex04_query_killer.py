"""Autograder for exercise 04: the query killer's kill step, on SQLite and on PostgreSQL."""

import pytest
from django.conf import settings
from django.db import connection

from core.killer import QueryKiller
from core.middleware import was_cancelled
from forum.models import Comment
from workbench.answers import load_answer
from workbench.runaway import busy

pytestmark = pytest.mark.django_db
LIMIT, INTERVAL = 0.5, 0.25
SLACK = 0.5  # this machine's scheduling noise, on top of the limit and one interval
RUNAWAY = LIMIT + INTERVAL + SLACK + 1.5  # seconds a runaway would run if left alone
ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="other sessions exist on PostgreSQL only"
)
SELECT_HINT = (
    "Pick the statements of the app's own role AND application_name that have run longer "
    "than max_seconds, and cancel each with queries.cancel(pid)."
)


class NoQueries:
    def running(self):
        return []


@pytest.fixture(autouse=True)
def kill_runaways_runs():
    """Fail at once, not after a runaway's seconds, while kill_runaways() cannot run at all."""
    kill = load_answer("ex04").kill_runaways
    kill(NoQueries(), max_seconds=1, role="", application_name="", dry_run=True, log=print)


@pytest.fixture
def log():
    return []


def watchdog(log, max_seconds=LIMIT, dry_run=False):
    """The query killer, checking every INTERVAL seconds, logging into `log`."""
    return QueryKiller(max_seconds=max_seconds, interval=INTERVAL, dry_run=dry_run, log=log.append)


@pytest.mark.points(3, hint=SELECT_HINT)
def test_a_runaway_is_cancelled_within_limit_plus_one_interval(log):
    with watchdog(log):
        elapsed, error = busy(RUNAWAY)
    assert was_cancelled(error)
    assert elapsed < LIMIT + INTERVAL + SLACK


@pytest.mark.points(2, hint="Only statements older than max_seconds: compare their age.")
def test_a_statement_under_the_limit_survives(log):
    with watchdog(log, max_seconds=3):
        error = busy(0.6)[1]
    assert error is None
    assert log == []


@pytest.mark.points(
    1, hint="Cancel (queries.cancel), do not close anything: the app's connection must survive."
)
def test_the_connection_works_after_a_cancel(log):
    with watchdog(log):
        busy(RUNAWAY)
    assert Comment.objects.count() > 0


@pytest.mark.points(2, hint="With dry_run, log each statement you would cancel, cancel none.")
def test_a_dry_run_logs_but_cancels_nothing(log):
    with watchdog(log, dry_run=True):
        error = busy(1.2)[1]
    assert error is None
    assert log, "a dry run still logs what it would cancel"


@pytest.mark.points(1, hint="Log one line per cancel with the statement's pid, age and start.")
def test_each_cancel_is_logged_with_its_pid(log):
    with watchdog(log) as killer:
        busy(RUNAWAY)
    assert killer.killed
    assert len(log) == len(killer.killed)
    assert all(str(query.pid) in line for query, line in zip(killer.killed, log, strict=True))


def survives(log, sleep_in_session, **conninfo):
    thread, outcome = sleep_in_session(1.5, **conninfo)
    with watchdog(log):
        thread.join()
    return outcome["error"] is None


@ON_POSTGRES
@pytest.mark.points(2, hint="Another role's statements are not the app's: match the role too.")
def test_another_roles_statement_survives(log, sleep_in_session, create_role):
    other = create_role("workbook_other")
    name = settings.DATABASE_APPLICATION_NAME
    assert survives(log, sleep_in_session, user=other, application_name=name)


@ON_POSTGRES
@pytest.mark.points(
    1, hint="A person in psql under the app's role is not the app: match the application_name."
)
def test_a_session_of_another_application_survives(log, sleep_in_session):
    assert survives(log, sleep_in_session, application_name="psql")
