"""check() as a notebook's kernel runs it: in a process with the project's own settings."""

import json
import os

import pytest
from django.db import connection

from tests.conftest import free_port, maintenance_session
from workbench.check import check
from workbench.errors import WorkbookError

TYPO = (
    "from forum.models import Post\n\n"
    "def latest_posts():\n"
    "    return Post.objects.select_related('user')[:20]\n"
)
LOOP = "import time\n\ndef latest_posts():\n    time.sleep(60)\n"
IN_A_KERNEL = """
import django, json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "workshop.settings"
django.setup()
from tests.conftest import maintenance_session
from workbench.check import check, WorkbookError
sys.modules["workbench.check"].TIMEOUT_SECONDS = {timeout}
try:
    result = check("ex00")
except WorkbookError as error:
    print(json.dumps({{"error": str(error)}}))
else:
    shown = {{"text": str(result), "html": result._repr_html_(), "rows": list(result.rows())}}
    print(json.dumps(shown))
"""
ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@pytest.fixture
def check_in_a_kernel(run_python, tmp_path):
    """check("ex00") on the answers given (a folder name, or the text of ex00_warm_up.py)."""

    def run(answers, timeout=120, **env):
        if answers not in ("exercises", "solutions"):
            (tmp_path / "answers").mkdir()
            (tmp_path / "answers" / "ex00_warm_up.py").write_text(answers)
            answers = str(tmp_path / "answers")
        done = run_python(
            "-c", IN_A_KERNEL.format(timeout=timeout), WORKBOOK_ANSWERS=answers, **env
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    return run


def test_grades_the_solutions_in_full(check_in_a_kernel):
    result = check_in_a_kernel("solutions")
    assert result["text"].splitlines()[0] == "ex00: 4/4 points, all public checks passed"
    assert ">✓</b></td><td" in result["html"]


@pytest.mark.slow  # a user's path, in processes of its own
def test_an_unwritten_stub_is_said_once_with_its_file_and_line(check_in_a_kernel):
    shown = check_in_a_kernel("exercises")["text"]
    assert shown.splitlines()[0] == "ex00: 0/4 points, keep going"
    assert shown.count("is not written yet") == 1
    assert "(ex00_warm_up.py, line " in shown


@pytest.mark.slow  # a user's path, in processes of its own
def test_shows_the_hint_and_the_learners_own_error(check_in_a_kernel):
    result = check_in_a_kernel(TYPO)
    assert "fetch the authors in the same query" in result["html"]
    error = "FieldError: Invalid field name(s) given in select_related: &#x27;user&#x27;"
    assert error in result["html"]
    assert "Start from" not in result["html"]
    title, points, (hint, happened) = result["rows"][0][2:]
    assert (title, points) == ("The page lists the 20 newest posts", "0/1")  # earned/worth
    assert hint.startswith("Return the 20 newest posts")
    assert happened.startswith("FieldError")


def test_names_the_exercise_format():
    with pytest.raises(WorkbookError, match="exercises are named like 'ex00'"):
        check("warm-up")


@pytest.fixture
def learner_database():
    """A database owned by a new role that may not create databases; dropped after the test."""
    db = connection.settings_dict
    name = f"learner_{os.getpid()}"
    with maintenance_session() as session:
        session.execute(f"CREATE ROLE {name} LOGIN NOCREATEDB NOSUPERUSER")
        session.execute(f"CREATE DATABASE {name} OWNER {name}")
    yield f"postgres://{name}@{db['HOST']}:{db['PORT']}/{name}"
    with maintenance_session() as session:
        session.execute(f"DROP DATABASE {name} WITH (FORCE)")
        session.execute(f"DROP ROLE {name}")


def leftovers(url):
    """check()'s schemas in the learner's database, and test databases of the learner's."""
    import psycopg

    with psycopg.connect(url) as session:
        schemas = session.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'workbook_check_%'"
        ).fetchall()
        databases = session.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'test_learner_%'"
        ).fetchall()
    return schemas + databases


@ON_POSTGRES
def test_checks_for_a_role_that_may_not_create_databases_and_leaves_nothing(
    check_in_a_kernel, learner_database
):
    result = check_in_a_kernel("solutions", DATABASE_URL=learner_database)
    assert result["text"].splitlines()[0] == "ex00: 4/4 points, all public checks passed"
    assert leftovers(learner_database) == []


@ON_POSTGRES
def test_a_check_stopped_by_its_timeout_leaves_nothing(check_in_a_kernel, learner_database):
    result = check_in_a_kernel(LOOP, timeout=8, DATABASE_URL=learner_database)
    assert result == {"error": "The checks ran over 8 s: look for an endless loop."}
    assert leftovers(learner_database) == []


WORKER_BESIDE = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "workshop.settings"
django.setup()
from celery.signals import task_prerun
from workbench.check import check
from workbench.worker import start_worker, stop_worker
from workshop.celery import app

taken = []
task_prerun.connect(lambda task=None, **kwargs: taken.append(task.name), weak=False)
app.control.purge()  # what earlier runs left on the shared queue
start_worker()
try:
    result = check("ex02")
finally:
    stop_worker()
with app.connection_for_write() as broker:  # what the check's run left in Redis
    left = [key.decode() for key in broker.default_channel.client.keys("*workbook_check_*")]
print(json.dumps({"headline": str(result).splitlines()[0], "taken": taken, "left": left}))
"""


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a Redis to share")
def test_the_notebooks_worker_takes_none_of_the_checks_tasks(run_python):
    """Notebook 02 with REDIS_URL: the kernel's worker runs on the Redis check("ex02") uses."""
    done = run_python("-c", WORKER_BESIDE, WORKBOOK_ANSWERS="solutions")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.splitlines()[-1])
    headline = "ex02: 12/12 points, all public checks passed"
    assert shown == {"headline": headline, "taken": [], "left": []}


@pytest.mark.slow  # a user's path, in processes of its own
@pytest.mark.parametrize(
    ("env", "told"),
    [
        ({"DATABASE_URL": "postgress://x"}, "DATABASE_URL='postgress://x' is not a database URL"),
        ({"DATABASE_URL": "postgres://me@127.0.0.1:{closed}/x"}, "Nothing answers at 127.0.0.1"),
        ({"REDIS_URL": "redis://127.0.0.1:{closed}/0"}, "Redis at REDIS_URL does not answer"),
    ],
    ids=["a malformed DATABASE_URL", "a closed database port", "a closed Redis port"],
)
def test_make_check_tells_a_bad_setting_in_one_sentence_and_fails(run_python, env, told):
    closed = free_port()
    env = {key: value.format(closed=closed) for key, value in env.items()}
    done = run_python("-m", "workbench", "check", "ex00", **env)
    assert done.returncode == 1
    assert done.stderr.strip().startswith(told), done.stderr
    assert "Traceback" not in done.stderr
    assert "Warning" not in done.stderr
