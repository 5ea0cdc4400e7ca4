"""PostgreSQL sessions, roles and databases for the query killer's tests, and the commands run
as a user runs them. Roles and databases carry this run's pid: concurrent runs never collide."""

import os
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from tests.conftest import REPO_DIR

RUN = os.getpid()


def unique(name):
    """A role or database name of this test run's own."""
    return f"{name}_{RUN}"


def postgres_session(**conninfo):
    """A new psycopg connection to the test database (as its owner unless `user` is given)."""
    import psycopg

    db = connection.settings_dict
    where = {"host": db["HOST"], "port": db["PORT"], "dbname": db["NAME"], "user": db["USER"]}
    return psycopg.connect(**where | conninfo)


def database_url(user=None, database=None):
    """A DATABASE_URL for the test server, as `user` (default: the tests'), on `database`
    (default: the test database)."""
    db = connection.settings_dict
    user, database = user or db["USER"], database or db["NAME"]
    return f"postgres://{user}@{db['HOST']}:{db['PORT']}/{database}"


def manage(*args, timeout=120, **env):
    """Run `python workshop_project/manage.py ARGS` as a user does, with the reference answers;
    `env` adds to manage.env (DATABASE_URL...). Return the finished process."""
    return subprocess.run(
        [sys.executable, "workshop_project/manage.py", *args],
        cwd=REPO_DIR,
        env=manage.env | env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# A user's shell: the project's settings, the reference answers.
manage.env = os.environ | {
    "DJANGO_SETTINGS_MODULE": "workshop.settings",
    "WORKBOOK_ANSWERS": "solutions",
}


def wait_for(condition, seconds=30, every=0.05):
    """Wait until condition() is true (generous: a loaded machine is slow); return its value."""
    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(every)
    return value


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
def may_create_roles():
    """Skip unless the tests' role may create roles: a superuser, or one with CREATEROLE."""
    with postgres_session() as session:
        allowed = session.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
    if not allowed:
        pytest.skip("needs DATABASE_URL's role to create roles (a superuser, or CREATEROLE)")


@pytest.fixture
def create_role(may_create_roles):
    """Create a login role of this run (outside the test's transaction, so it can log in); drop
    it after. Returns its name."""
    created = []

    def create(name, *member_of):
        name = unique(name)
        with postgres_session(autocommit=True) as session:
            session.execute(f"DROP ROLE IF EXISTS {name}")
            session.execute(f"CREATE ROLE {name} LOGIN")
            for role in member_of:
                session.execute(f"GRANT {role} TO {name}")
        created.append(name)
        return name

    yield create
    drop_roles(created)


def drop_roles(names):
    """Drop the roles, and the databases they own first."""
    with postgres_session(autocommit=True) as session:
        owned = session.execute(
            "SELECT datname FROM pg_database WHERE pg_get_userbyid(datdba) = ANY(%s)", [names]
        )
        drop_databases([name for (name,) in owned.fetchall()])
        for name in names:
            session.execute(f"DROP ROLE IF EXISTS {name}")


def drop_databases(names):
    with postgres_session(autocommit=True) as session:
        for name in names:
            session.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def other_database():
    """Another database on the same server, of this run; dropped after."""
    name = unique("killer_other")
    with postgres_session(autocommit=True) as session:
        session.execute(f"CREATE DATABASE {name}")
    yield name
    drop_databases([name])
