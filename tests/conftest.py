import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from celery.signals import before_task_publish
from django.db import connection

from forum import seeding
from forum.tasks import refresh_author_stats

REPO_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the tiny dataset."""
    with django_db_blocker.unblock():
        seeding.seed("tiny", progress=False)


@pytest.fixture
def run_python(tmp_path):
    """Run Python code in a new process on its own SQLite file; return the finished process."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["WORKBOOK_DATA_DIR"] = str(tmp_path)

    def run(*args, **extra_env):
        return subprocess.run(
            [sys.executable, *args],
            cwd=REPO_DIR,
            env=env | extra_env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    run.env = env
    return run


@pytest.fixture
def refreshes_queued():
    """The author ids of the statistics refreshes queued during the test."""
    queued = []

    def record(sender=None, body=None, **kwargs):
        if sender == refresh_author_stats.name:
            queued.append(body[0][0])  # the task's first positional argument

    before_task_publish.connect(record, weak=False)
    yield queued
    before_task_publish.disconnect(record)


def free_port():
    """A TCP port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_session(**conninfo):
    """A new psycopg connection to the test database (as its owner unless `user` is given)."""
    import psycopg

    db = connection.settings_dict
    where = {"host": db["HOST"], "port": db["PORT"], "dbname": db["NAME"], "user": db["USER"]}
    return psycopg.connect(**where | conninfo)


@pytest.fixture
def sleep_in_session():
    """Start pg_sleep in a PostgreSQL session of its own, in a thread; return the thread and a
    dict that gets the statement's error (None if it completed)."""
    import psycopg

    threads = []

    def start(seconds, **conninfo):
        outcome = {}

        def run():
            with postgres_session(**conninfo) as session:
                try:
                    session.execute("SELECT pg_sleep(%s)", [seconds])
                    outcome["error"] = None
                except psycopg.Error as error:
                    outcome["error"] = error

        threads.append(threading.Thread(target=run))
        threads[-1].start()
        return threads[-1], outcome

    yield start
    for thread in threads:
        thread.join()


@pytest.fixture
def create_role():
    """Create a login role (outside the test's transaction, so it can log in); drop it after."""
    created = []

    def create(name, *member_of):
        with postgres_session(autocommit=True) as session:
            session.execute(f"DROP ROLE IF EXISTS {name}")
            session.execute(f"CREATE ROLE {name} LOGIN")
            for role in member_of:
                session.execute(f"GRANT {role} TO {name}")
        created.append(name)
        return name

    yield create
    with postgres_session(autocommit=True) as session:
        for name in created:
            session.execute(f"DROP ROLE {name}")


def pytest_report_header():
    from workbench.boot import describe_services

    return describe_services()


@pytest.fixture(scope="session", autouse=True)
def services_answer(django_db_blocker):
    """Skip the whole run, saying why, when DATABASE_URL or REDIS_URL names a silent server."""
    from workbench.boot import BootError, check_cache, check_database

    try:
        with django_db_blocker.unblock():
            check_database()
        check_cache()
    except BootError as error:
        pytest.exit(f"SKIPPED the whole suite: {error}", returncode=0)
