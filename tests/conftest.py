import os
import subprocess
import sys
from pathlib import Path

import pytest

from forum import seeding

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

    return run


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
