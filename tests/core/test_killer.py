import time

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.killer import PostgresQueries, QueryKiller, running_queries
from forum.models import Comment
from tests.core.conftest import postgres_session

pytestmark = pytest.mark.django_db
ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
ON_SQLITE = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


@pytest.fixture(autouse=True)
def reference_kill_step(settings):
    """The kill step of the reference solution: these tests are about what surrounds it."""
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["solutions"]


def kill_as(role, app_role, log):
    """Check once for the app role's statements over 0.3 s, logged in as `role`."""
    with postgres_session(user=role, autocommit=True) as killer_session:
        killer = QueryKiller(
            max_seconds=0.3, interval=1, queries=PostgresQueries(killer_session), role=app_role,
            log=log.append,
        )  # fmt: skip
        return killer.check_once()


@ON_POSTGRES
def test_a_least_privilege_killer_role_cancels_the_apps_statements(sleep_in_session, create_role):
    app = create_role("workbook_app")
    killer = create_role("workbook_killer", "pg_signal_backend", "pg_read_all_stats")
    thread, outcome = sleep_in_session(5, user=app, application_name="workbook")
    time.sleep(0.6)
    log = []
    killed = kill_as(killer, app, log)
    thread.join()
    assert [query.role for query in killed] == [app]
    assert isinstance(outcome["error"], psycopg.errors.QueryCanceled)
    assert f"pid {killed[0].pid}" in log[0]


@ON_POSTGRES
def test_without_pg_read_all_stats_a_killer_sees_nothing_to_kill(sleep_in_session, create_role):
    """pg_stat_activity hides other roles' query_start: such a killer silently kills nothing."""
    app = create_role("workbook_app")
    blind = create_role("workbook_blind_killer", "pg_signal_backend")
    thread, outcome = sleep_in_session(1.2, user=app, application_name="workbook")
    time.sleep(0.6)
    assert kill_as(blind, app, []) == []
    thread.join()
    assert outcome["error"] is None


@ON_SQLITE
def test_sqlite_statements_of_this_process_are_listed_while_they_run(settings):
    seen = []

    def look(execute, sql, params, many, context):
        seen.extend(running_queries().running())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(look):
        Comment.objects.exists()
    assert [(q.application_name, "forum_comment" in q.query) for q in seen] == [
        (settings.DATABASE_APPLICATION_NAME, True)
    ]
    assert running_queries().running() == []


@ON_SQLITE
def test_the_command_needs_postgres():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("query_killer", "--once")


@ON_POSTGRES
def test_the_command_checks_once_in_a_dry_run_and_refuses_bad_limits():
    call_command("query_killer", "--once", "--dry-run", "--max-seconds", "1")
    with pytest.raises(CommandError, match="must be positive"):
        call_command("query_killer", "--max-seconds", "0")
