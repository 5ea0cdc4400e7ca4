"""PostgreSQL sessions of other roles and applications, for the query killer's tests."""

import threading

import pytest
from django.db import connection


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
