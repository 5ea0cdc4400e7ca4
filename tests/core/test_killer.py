import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.killer import PostgresQueries, QueryKiller, running_queries
from core.middleware import was_cancelled
from core.timeouts import statement_timeout
from forum.models import Comment
from tests.conftest import REPO_DIR
from tests.core.conftest import (
    database_url,
    drop_roles,
    manage,
    postgres_session,
    unique,
    wait_for,
)
from workbench.runaway import busy

pytestmark = pytest.mark.django_db
ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
ON_SQLITE = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
LIMIT = 0.3  # seconds: the killers' limit in these tests
SETTLE = 0.8  # seconds a statement runs before a killer looks: well over LIMIT


@pytest.fixture(autouse=True)
def reference_kill_step(settings):
    """The kill step of the reference solution: these tests are about what surrounds it."""
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["solutions"]


def check_once(log=None, **options):
    """One look, as the in-process watchdog takes it, for the app's statements over LIMIT."""
    log = [] if log is None else log
    return QueryKiller(max_seconds=LIMIT, interval=1, log=log.append, **options).check_once()


def kill_as(role, app_role, log):
    """Check once for the app role's statements over LIMIT, logged in as `role`."""
    with postgres_session(user=role, autocommit=True) as killer_session:
        return check_once(log, queries=PostgresQueries(killer_session), role=app_role)


@ON_POSTGRES
def test_a_least_privilege_killer_role_cancels_the_apps_statements(sleep_in_session, create_role):
    app = create_role("workbook_app")
    killer = create_role("workbook_killer", "pg_signal_backend", "pg_read_all_stats")
    thread, outcome = sleep_in_session(5, user=app, application_name="workbook")
    time.sleep(SETTLE)
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
    thread, outcome = sleep_in_session(1.5, user=app, application_name="workbook")
    time.sleep(SETTLE)
    assert kill_as(blind, app, []) == []
    thread.join()
    assert outcome["error"] is None


@ON_POSTGRES
def test_only_the_apps_database_is_watched(sleep_in_session, other_database):
    """Same role, same application_name, another database: another learner's, or another app's."""
    elsewhere = sleep_in_session(2, dbname=other_database, application_name="workbook")[1]
    here = sleep_in_session(5, application_name="workbook")[1]
    time.sleep(SETTLE)
    killed = check_once()
    assert wait_for(lambda: "error" in here), "the statement in the app's database ran on"
    assert isinstance(here["error"], psycopg.errors.QueryCanceled)
    assert len(killed) == 1
    assert wait_for(lambda: "error" in elsewhere)
    assert elsewhere["error"] is None, "the killer cancelled a statement in another database"


PARALLEL_QUERY = [  # a scan PostgreSQL runs with parallel workers, slowly
    "SET parallel_setup_cost = 0",
    "SET parallel_tuple_cost = 0",
    "SET min_parallel_table_scan_size = 0",
    "SET max_parallel_workers_per_gather = 2",
    "SELECT count(*) FROM pg_class, generate_series(1, 100) WHERE pg_sleep(0.001) IS NOT NULL",
]
BACKENDS = "SELECT pid, backend_type FROM pg_stat_activity WHERE datname = current_database()"


@ON_POSTGRES
def test_background_workers_are_not_listed():
    """A parallel query's workers share its role, database and application_name: only the
    client session that runs it is a statement to cancel."""

    def run():
        with postgres_session(application_name="workbook") as session, suppress(psycopg.Error):
            for sql in PARALLEL_QUERY:
                session.execute(sql)

    thread = threading.Thread(target=run)
    thread.start()
    with postgres_session(autocommit=True) as observer:

        def backends_once_workers_run():
            backends = dict(observer.execute(BACKENDS).fetchall())
            return backends if "parallel worker" in backends.values() else None

        backends = wait_for(backends_once_workers_run)
        listed = {query.pid for query in running_queries().running()}
        for pid in listed:
            observer.execute("SELECT pg_cancel_backend(%s)", [pid])
    thread.join()
    assert backends, "no parallel worker ran"
    clients = {pid for pid, kind in backends.items() if kind == "client backend"}
    assert listed, "the parallel query's session was not listed"
    assert listed <= clients, "the killer listed parallel workers"


def test_a_block_without_limit_is_spared_and_a_limited_one_is_not():
    """statement_timeout(None) opts a block out of limits: the killer's too."""
    outcome = {}

    def run(seconds):
        try:
            with statement_timeout(seconds):
                outcome[seconds] = busy(2)[1]
        finally:
            connection.close()  # this thread's own

    threads = [threading.Thread(target=run, args=[seconds]) for seconds in (None, 60)]
    for thread in threads:
        thread.start()
    time.sleep(SETTLE)
    killed = check_once()
    for thread in threads:
        thread.join()
    assert len(killed) == 1, f"the killer picked {killed}"
    assert was_cancelled(outcome[60]), "the block with a limit was not cancelled"
    assert outcome[None] is None, "the killer cancelled a block that opted out of limits"


@ON_POSTGRES
def test_a_block_without_limit_runs_under_an_application_name_of_its_own(settings):
    def application_name():
        with connection.cursor() as cursor:
            cursor.execute("SHOW application_name")
            return cursor.fetchone()[0]

    with statement_timeout(None):
        inside = application_name()
        with statement_timeout(5):
            nested = application_name()
        after_nested = application_name()
    assert inside == after_nested == f"{settings.DATABASE_APPLICATION_NAME} (no limit)"
    assert nested == application_name() == settings.DATABASE_APPLICATION_NAME


@ON_POSTGRES
@pytest.mark.usefixtures("may_create_roles")
def test_the_least_privilege_killer_command_works_end_to_end(sleep_in_session):
    """The roles create_roles makes; the killer logs in as its own and names the app's."""
    app, killer = unique("app"), unique("killer")
    made = manage("create_roles", "--app", app, "--killer", killer, DATABASE_URL=database_url())
    try:
        assert made.returncode == 0, made.stderr
        thread, outcome = sleep_in_session(10, user=app, application_name="workbook")
        time.sleep(SETTLE)
        as_killer = {"DATABASE_URL": database_url(user=killer)}
        unnamed = manage("query_killer", "--once", "--dry-run", "--max-seconds", f"{LIMIT}",
                         **as_killer)  # fmt: skip
        assert unnamed.returncode == 0, unnamed.stderr
        assert f"0 statements over {LIMIT:g} s" in unnamed.stdout
        assert "name the app's role with --role" in unnamed.stderr
        named = manage("query_killer", "--once", "--max-seconds", f"{LIMIT}", "--role", app,
                       **as_killer)  # fmt: skip
        thread.join()
        assert named.returncode == 0, named.stderr
        assert f"1 statement over {LIMIT:g} s (role {app})" in named.stdout
        assert isinstance(outcome["error"], psycopg.errors.QueryCanceled)
    finally:
        drop_roles([app, killer])


@ON_POSTGRES
def test_the_command_names_the_grant_a_killer_role_lacks(create_role):
    app = create_role("app")
    blind = create_role("blind_killer", "pg_signal_backend")
    refused = manage("query_killer", "--once", "--role", app,
                     DATABASE_URL=database_url(user=blind))  # fmt: skip
    assert refused.returncode == 1
    assert f"GRANT pg_signal_backend, pg_read_all_stats TO {blind}" in refused.stderr
    assert "Traceback" not in refused.stderr


@ON_POSTGRES
def test_the_command_refuses_a_superuser_app_a_missing_role_or_database(create_role):
    killer = create_role("killer", "pg_signal_backend", "pg_read_all_stats")
    as_killer = {"DATABASE_URL": database_url(user=killer)}
    with postgres_session() as session:
        a_superuser = session.execute("SELECT rolname FROM pg_roles WHERE rolsuper").fetchone()[0]
    superuser = manage("query_killer", "--once", "--role", a_superuser, **as_killer)
    assert "is a superuser" in superuser.stderr
    missing = manage("query_killer", "--once", "--role", "nobody", "--database", "nowhere",
                     **as_killer)  # fmt: skip
    assert "no role 'nobody'" in missing.stderr
    assert "no database 'nowhere'" in missing.stderr
    assert superuser.returncode == missing.returncode == 1


@ON_POSTGRES
def test_the_command_reconnects_when_its_session_is_terminated(sleep_in_session, tmp_path):
    output = tmp_path / "killer.log"
    with output.open("w") as log:
        killer = subprocess.Popen(
            [sys.executable, "workshop_project/manage.py", "query_killer",
             "--max-seconds", f"{LIMIT}", "--interval", "0.1"],
            cwd=REPO_DIR, stdout=log, stderr=subprocess.STDOUT,
            env=manage.env | {"DATABASE_URL": database_url()},
        )  # fmt: skip
    try:
        assert wait_for(lambda: "Watching" in output.read_text()), output.read_text()
        with postgres_session(autocommit=True) as admin:
            terminated = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'query killer' AND datname = current_database()"
            ).fetchall()
        assert terminated == [(True,)]
        assert wait_for(lambda: "reconnected" in output.read_text()), output.read_text()
        thread, outcome = sleep_in_session(10, application_name="workbook")
        thread.join()
        assert isinstance(outcome["error"], psycopg.errors.QueryCanceled), output.read_text()
        assert "lost the database connection" in output.read_text()
    finally:
        killer.send_signal(signal.SIGINT)  # Ctrl+C
        killer.wait(timeout=30)
    assert killer.returncode == 0
    assert "Traceback" not in output.read_text()


@ON_POSTGRES
def test_a_dry_run_says_what_it_saw_and_bad_limits_are_refused():
    out = StringIO()
    call_command("query_killer", "--once", "--dry-run", "--max-seconds", "2", stdout=out)
    assert "0 statements over 2 s" in out.getvalue()
    with pytest.raises(CommandError, match="must be positive"):
        call_command("query_killer", "--max-seconds", "0")


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
