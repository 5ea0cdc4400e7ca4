"""The site under real server processes on PostgreSQL: runserver and gunicorn (the production
server the README names), with bounded bursts of 8 concurrent clients."""

import subprocess
import sys
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REPO_DIR, free_port
from tests.core.conftest import database_url, manage, postgres_session, wait_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL connections"),
]
CLIENTS = 8
SERVERS_CONNECTIONS = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = %s AND pid <> %s
"""


def servers_connections(session, tests_own):
    """The app's connections to the test database, but this test's own (its backend pid)."""
    count = session.execute(SERVERS_CONNECTIONS, [settings.DATABASE_APPLICATION_NAME, tests_own])
    return count.fetchone()[0]


def own_backend_pid():
    """The backend pid of this test's Django connection (this thread's)."""
    connection.ensure_connection()
    return connection.connection.info.backend_pid


@contextmanager
def running(command, env, ready, output):
    """Run a server process until the block ends; `ready(text it printed)` says it is up."""
    with output.open("w") as log:
        process = subprocess.Popen(
            command, cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        assert wait_for(lambda: ready(output.read_text()) or process.poll() is not None, 60)
        assert process.poll() is None, output.read_text()
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def serving(port):
    return lambda text: f"127.0.0.1:{port}" in text


def get(url):
    """(status, Retry-After) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers["Retry-After"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Retry-After"]


def burst(url, requests_each=2):
    """CLIENTS clients, each sending requests_each requests one after another; return the
    (status, Retry-After) of each, and the most app connections open at once meanwhile."""
    peak, done, own = [0], threading.Event(), own_backend_pid()

    def sample():
        with postgres_session(autocommit=True) as session:
            while not done.wait(0.02):
                peak[0] = max(peak[0], servers_connections(session, own))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with ThreadPoolExecutor(CLIENTS) as clients:
            answers = list(clients.map(get, [url] * (CLIENTS * requests_each)))
    finally:
        done.set()
        sampler.join()
    return answers, peak[0]


def app_connections():
    with postgres_session(autocommit=True) as session:
        return servers_connections(session, own_backend_pid())


def test_runserver_holds_a_connection_per_request_in_flight_only(tmp_path):
    """A thread per request: each closes its connection when its request ends (CONN_MAX_AGE 0)."""
    port = free_port()
    command = [sys.executable, "workshop_project/manage.py", "runserver", "--noreload",
               f"127.0.0.1:{port}"]  # fmt: skip
    env = manage.env | {"DATABASE_URL": database_url()}
    with running(command, env, serving(port), tmp_path / "runserver.log"):
        answers, peak = burst(f"http://127.0.0.1:{port}/latest/", requests_each=5)
        assert {status for status, _ in answers} == {200}
        assert wait_for(lambda: app_connections() == 0, 10), "connections outlived requests"
    # One per request in flight, and the few a finished request is still closing: far from one
    # per request served (40 here), which CONN_MAX_AGE 600 kept.
    assert 0 < peak <= 2 * CLIENTS


def test_under_gunicorn_killed_queries_answer_503_and_connections_stay_bounded(tmp_path):
    """The killer cancels requests stuck behind a lock: each answers 503 with Retry-After,
    never 500, and the two workers hold two connections, reused (CONN_MAX_AGE 60)."""
    port, workers = free_port(), 2
    server = {"DATABASE_URL": database_url(), "DEBUG": "false", "SECRET_KEY": "test-" * 10,
              "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "60"}  # fmt: skip
    gunicorn = [sys.executable, "-m", "gunicorn", "--chdir", "workshop_project", "--workers",
                f"{workers}", "--bind", f"127.0.0.1:{port}", "workshop.wsgi"]  # fmt: skip
    killer = [sys.executable, "workshop_project/manage.py", "query_killer", "--max-seconds",
              "0.5", "--interval", "0.1"]  # fmt: skip
    env = manage.env | server
    with (
        running(gunicorn, env, serving(port), tmp_path / "gunicorn.log"),
        running(killer, env, lambda text: "Watching" in text, tmp_path / "killer.log"),
        postgres_session() as blocker,
    ):
        blocker.execute("LOCK TABLE forum_post IN ACCESS EXCLUSIVE MODE")  # until rollback
        answers, peak = burst(f"http://127.0.0.1:{port}/latest/")
        blocker.rollback()
        after = get(f"http://127.0.0.1:{port}/latest/")
    assert answers == [(503, str(settings.RETRY_AFTER_SECONDS))] * (CLIENTS * 2)
    assert after == (200, None)
    assert 0 < peak <= workers
