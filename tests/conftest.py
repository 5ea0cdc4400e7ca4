"""The project's test fixtures; without --answers, the graders grade the whole answer bank."""

import ast
import inspect
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

import pytest
from celery.signals import before_task_publish

from forum import seeding
from forum.tasks import refresh_author_stats
from workbench.worker import stop_worker

REPO_DIR = Path(__file__).resolve().parent.parent
ANSWER_BANK = REPO_DIR / "tests" / "answer_bank"
BANK = pytest.StashKey[Path]()


def pytest_addoption(parser):
    parser.addoption(
        "--grading-repeat", type=int, default=1, metavar="N", help="grade every answer N times"
    )


def pytest_report_header():
    from workbench.boot import describe_services

    return describe_services()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the tiny dataset."""
    with django_db_blocker.unblock():
        seeding.seed("tiny", progress=False)


@pytest.fixture
def refreshes_queued():
    """The author ids of the statistics refreshes queued during the test, however the task was
    called: .delay(id), .delay(author_id=id), .apply_async(args=...) or (kwargs=...)."""
    queued = []
    signature = inspect.signature(refresh_author_stats.run)

    def record(sender=None, body=None, **kwargs):
        if sender == refresh_author_stats.name:
            args, kwargs, _ = body
            queued.append(signature.bind(*args, **kwargs).arguments["author_id"])

    before_task_publish.connect(record, weak=False)
    yield queued
    before_task_publish.disconnect(record)


@pytest.fixture(scope="session", autouse=True)
def services_answer(django_db_blocker):
    """Skip the whole run, saying why, when DATABASE_URL or REDIS_URL names a silent server."""
    from workshop.services import ServiceProblem, check_cache, check_database

    try:
        with django_db_blocker.unblock():
            check_database()
        check_cache()
    except ServiceProblem as error:
        pytest.exit(f"SKIPPED the whole suite: {error}", returncode=0)


@pytest.fixture(autouse=True)
def no_worker_left_running():
    """Stop the in-process worker a test started (simulate() starts one and keeps it, as a
    notebook wants): on a shared Redis, it would take the tasks of the processes tested next."""
    yield
    stop_worker()


@pytest.fixture(scope="session", autouse=True)
def own_queue_removed():
    """A check() run has a Celery queue of its own (tests/settings.py): remove it afterwards,
    with the refreshes its checks queued with no worker to run them, so that nothing of the run
    is left in Redis (the in-process broker's go with the process)."""
    yield
    from django.conf import settings

    in_process = settings.CELERY_BROKER_URL == settings.IN_PROCESS_BROKER_URL
    if os.environ.get("WORKBOOK_CHECK_RUN") and not in_process:
        from kombu.exceptions import OperationalError

        from workshop.celery import app

        queue = app.amqp.queues[settings.CELERY_TASK_DEFAULT_QUEUE]
        with suppress(OperationalError), app.connection_for_write() as broker:  # gone: nothing left
            bound = queue.bind(broker.default_channel)
            bound.declare()  # so that the channel knows the bindings it deletes
            bound.delete()


def pytest_generate_tests(metafunc):
    """Grade every answer the project knows, unless --answers names one: the solutions (full
    marks), the untouched stubs (nothing) and the answer bank, each check expected to pass
    except those an answer's docstring says it fails ("Fails: test_a, test_b")."""
    if "answers_folder" not in metafunc.fixturenames:
        return
    repeat = metafunc.config.getoption("--grading-repeat")
    if chosen := metafunc.config.getoption("--answers"):
        if repeat > 1:
            metafunc.parametrize("answers_folder", [Path(chosen).absolute()] * repeat)
        return
    exercise = re.search(r"ex\d+", metafunc.definition.path.stem).group()
    check = metafunc.definition.originalname
    cases = [
        pytest.param(
            folder,
            id=f"{name}-{run}" if repeat > 1 else name,
            marks=[pytest.mark.xfail(reason=f"{name} fails it", strict=True)]
            if check in fails
            else [],
        )
        for name, folder, fails in answer_cases(metafunc.config, exercise)
        for run in range(1, repeat + 1)
    ]
    metafunc.parametrize("answers_folder", cases)


def answer_cases(config, exercise):
    """(name, folder, checks it fails) for the solution, the stub and each banked answer."""
    every_check = {
        node.name
        for path in (REPO_DIR / "tests" / "grading").glob(f"test_{exercise}_*.py")
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }
    yield "solutions", REPO_DIR / "solutions", set()
    yield "stubs", REPO_DIR / "exercises", every_check
    for path in sorted((ANSWER_BANK / exercise).glob("*.py")):
        yield f"{exercise}-{path.stem}", banked_folder(config, path), failed_checks(path)


def failed_checks(path):
    """The checks a banked answer fails, from its docstring's "Fails:" line."""
    docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
    listed = re.search(r"^Fails:(.*?)(?:\n\n|\Z)", docstring, re.MULTILINE | re.DOTALL)
    return set(re.findall(r"test_\w+", listed.group(1))) if listed else set()


def banked_folder(config, path):
    """A folder holding the banked answer under its exercise's file name, as a learner has it."""
    if BANK not in config.stash:
        config.stash[BANK] = Path(tempfile.mkdtemp(prefix="answer-bank-"))
        config.add_cleanup(lambda: shutil.rmtree(config.stash[BANK], ignore_errors=True))
    exercise_file = next((REPO_DIR / "solutions").glob(f"{path.parent.name}_*.py")).name
    folder = config.stash[BANK] / f"{path.parent.name}-{path.stem}"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(path, folder / exercise_file)
    return folder


@pytest.fixture
def run_python(tmp_path):
    """Run Python code in a new process on its own SQLite file, in a user's environment (not
    this test run's settings); return the finished process."""
    return python_runner(tmp_path)


def python_runner(data_dir):
    """run_python, with the SQLite file in data_dir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["WORKBOOK_DATA_DIR"] = str(data_dir)

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


def maintenance_session():
    """An autocommit session on the PostgreSQL server's maintenance database, as the tests' own
    role: for creating roles and databases, which no transaction may do."""
    import psycopg
    from django.db import connection

    db = connection.settings_dict
    where = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "dbname": "postgres"}
    return psycopg.connect(**where, autocommit=True)


def free_port():
    """A TCP port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
