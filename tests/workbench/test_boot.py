"""boot() as a notebook runs it (in IPython): set up once however many kernels boot, and every
bad setting told in one paragraph that names the variable and the fix, never a traceback."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REPO_DIR, free_port, maintenance_session, python_runner

BOOT_TWICE = "from workbench import boot; boot('tiny'); boot('tiny')"
PARAGRAPH_SECONDS = 15  # the longest a bad setting may take to be told


@pytest.fixture
def ipython(run_python):
    """Run IPython code in a new process on its own SQLite file; return (output, seconds)."""
    return ipython_runner(run_python)


def ipython_runner(run_python):
    def run(code, **env):
        started = time.monotonic()
        done = run_python("-m", "IPython", "--no-banner", "--colors=NoColor", "-c", code, **env)
        output = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # colours
        return output, time.monotonic() - started

    return run


@contextmanager
def silent_server():
    """A port that accepts connections and never answers, as a hung server does."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
        for client in accepted:
            client.close()


def test_boots_seeds_once_and_survives_restarts(run_python):
    first, restarted = run_python("-c", BOOT_TWICE), run_python("-c", BOOT_TWICE)
    assert first.returncode == restarted.returncode == 0, first.stderr + restarted.stderr
    counts = [line for line in (first.stdout + restarted.stdout).splitlines() if "posts" in line]
    assert counts == ["Data:     30 posts, 300 comments"] * 4


@pytest.mark.slow  # a user's path, in processes of its own
def test_lists_what_it_imports_into_the_notebook(ipython):
    output, _ = ipython("from workbench import boot; boot('tiny')")
    assert "Imported: Category, Comment, " in output
    assert ", Post, " in output


@pytest.mark.slow
def test_kernels_booting_at_once_set_the_database_up_once(run_python, tmp_path):
    command = [sys.executable, "-c", "from workbench import boot; boot('tiny')"]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    boots = [subprocess.Popen(command, cwd=REPO_DIR, env=run_python.env, **pipes) for _ in range(3)]
    outputs = [boot.communicate(timeout=120)[0].decode() for boot in boots]
    assert [boot.returncode for boot in boots] == [0, 0, 0], outputs
    with sqlite3.connect(tmp_path / "workbook.sqlite3") as database:
        migrations = database.execute(
            "SELECT app, name, count(*) FROM django_migrations GROUP BY 1, 2"
        )
        assert {count for _, _, count in migrations} == {1}
        assert database.execute("SELECT count(*) FROM forum_comment").fetchone() == (300,)
        assert database.execute("SELECT count(*) FROM auth_user WHERE is_superuser").fetchone() == (
            1,
        )


@pytest.mark.slow  # a user's path, in processes of its own
def test_a_data_folder_deleted_under_a_running_kernel_is_set_up_again(ipython, tmp_path):
    code = (
        "import shutil; from workbench import boot; boot('tiny'); "
        f"shutil.rmtree({str(tmp_path)!r}); boot('tiny'); "
        "print('comments:', Comment.objects.count())"
    )
    output, _ = ipython(code)
    assert "comments: 300" in output
    assert "Traceback" not in output


BAD_SETTINGS = {
    "a malformed DATABASE_URL": (
        {"DATABASE_URL": "postgres//x"},
        "DATABASE_URL='postgres//x' is not a database URL",
    ),
    "a STATEMENT_TIMEOUT that is no number": (
        {"STATEMENT_TIMEOUT": "abc"},
        "STATEMENT_TIMEOUT='abc' is not a number of seconds",
    ),
    "a negative STATEMENT_TIMEOUT": (
        {"STATEMENT_TIMEOUT": "-5"},
        "STATEMENT_TIMEOUT='-5' is not a number of seconds",
    ),
    "a closed database port": (
        {"DATABASE_URL": "postgres://nobody@127.0.0.1:{closed}/nowhere"},
        "Nothing answers at 127.0.0.1:{closed} (DATABASE_URL): start PostgreSQL there",
    ),
    "a closed Redis port": (
        {"REDIS_URL": "redis://127.0.0.1:{closed}/0"},
        "Redis at REDIS_URL does not answer",
    ),
    "a closed broker port": (
        {"CELERY_BROKER_URL": "redis://127.0.0.1:{closed}/0"},
        "The Celery broker at CELERY_BROKER_URL does not answer",
    ),
}
SILENT = {
    "a database that never answers": (
        {"DATABASE_URL": "postgres://nobody@127.0.0.1:{silent}/nowhere"},
        "The database server at 127.0.0.1:{silent} (DATABASE_URL) did not answer within 5 s",
    ),
    "a Redis that never answers": (
        {"REDIS_URL": "redis://127.0.0.1:{silent}/0"},
        "Redis at REDIS_URL does not answer",
    ),
    "a broker that never answers": (
        {"CELERY_BROKER_URL": "redis://127.0.0.1:{silent}/0"},
        "The Celery broker at CELERY_BROKER_URL does not answer",
    ),
}


BOOT = "from workbench import boot; boot('tiny')"
TIMED_BOOT = f"import time; print(f'booting at {{time.time()}}'); {BOOT}"


def told_in_one_paragraph(ipython, env, message, **ports):
    output, seconds = ipython(BOOT, **filled_in(env, ports))
    assert_one_paragraph(output, seconds, message.format(**ports))


def filled_in(env, ports):
    return {key: value.format(**ports) for key, value in env.items()}


def assert_one_paragraph(output, seconds, message, limit=PARAGRAPH_SECONDS + 5):  # + IPython's
    assert "BootError: " + message in output, output
    assert "Traceback" not in output, output
    assert seconds < limit


@pytest.fixture(scope="module")
def boots(tmp_path_factory):
    """Boot under each bad setting, all at once (the silent servers' boots wait for a timeout):
    the setting's name -> (output, seconds boot() took, the paragraph expected)."""
    with silent_server() as silent:
        ports = {"closed": free_port(), "silent": silent}

        def boot_under(name):
            env, message = (SILENT | BAD_SETTINGS)[name]
            run = ipython_runner(python_runner(tmp_path_factory.mktemp("boot")))
            output, _ = run(TIMED_BOOT, **filled_in(env, ports))
            seconds = time.time() - float(re.search(r"booting at ([\d.]+)", output)[1])
            return name, (output, seconds, message.format(**ports))

        settings = [*SILENT, *BAD_SETTINGS]
        with ThreadPoolExecutor(max_workers=len(settings)) as pool:
            return dict(pool.map(boot_under, settings))


@pytest.mark.slow  # a user's path, in processes of its own
@pytest.mark.parametrize("setting", BAD_SETTINGS)
def test_a_bad_setting_is_told_in_one_paragraph(boots, setting):
    assert_one_paragraph(*boots[setting])


@pytest.mark.slow
@pytest.mark.parametrize("setting", SILENT)
def test_a_silent_server_is_told_in_one_paragraph_after_one_connect_timeout(boots, setting):
    """Waited for once (5 s, as the paragraph says), not once per connection tried."""
    assert_one_paragraph(*boots[setting], limit=settings.CONNECT_TIMEOUT * 1.5)


@pytest.fixture
def role_that_may_not_create_databases():
    """A login role without CREATEDB; dropped after the test."""
    name = f"nocreate_{os.getpid()}"
    with maintenance_session() as session:
        session.execute(f"CREATE ROLE {name} LOGIN NOCREATEDB NOSUPERUSER")
    yield name
    with maintenance_session() as session:
        session.execute(f"DROP ROLE {name}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server")
def test_a_missing_database_the_role_may_not_create_is_told_what_to_ask(
    ipython, role_that_may_not_create_databases
):
    db, role = connection.settings_dict, role_that_may_not_create_databases
    url = f"postgres://{role}@{db['HOST']}:{db['PORT']}/no_such_workbook_{os.getpid()}"
    told_in_one_paragraph(
        ipython, {"DATABASE_URL": url}, f"The database no_such_workbook_{os.getpid()} does not "
        f"exist, and the role {role} may not create it",
    )  # fmt: skip


@pytest.mark.slow  # a user's path, in processes of its own
def test_manage_py_tells_a_bad_setting_in_one_paragraph(run_python):
    done = run_python("workshop_project/manage.py", "migrate", STATEMENT_TIMEOUT="abc")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("STATEMENT_TIMEOUT='abc' is not a number of seconds")
    assert "Traceback" not in done.stderr
