"""Execute the workbook's notebooks from top to bottom, as "Run All" does."""

import os

import nbformat
from django.conf import settings
from nbclient import NotebookClient

NOTEBOOKS_DIR = settings.REPO_DIR / "notebooks"
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
TEST_RUN_VARIABLES = ("DJANGO_SETTINGS_MODULE",)  # a kernel boots the project's own settings


def notebook_paths():
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def zero_services_env(data_dir):
    """The environment of a fresh machine: SQLite in data_dir, fakeredis, the solutions."""
    env = users_env()
    env = {key: value for key, value in env.items() if key not in SERVICE_VARIABLES}
    return env | {"WORKBOOK_DATA_DIR": str(data_dir), "WORKBOOK_ANSWERS": "solutions"}


def users_env():
    """This process's environment, as a user's shell has it: without a test run's settings."""
    return {key: value for key, value in os.environ.items() if key not in TEST_RUN_VARIABLES}


def execute(path, env, cwd, timeout=600):
    """Run every cell of the notebook at path in a new kernel working in cwd; return the
    executed notebook. Raises nbclient's CellExecutionError at the first cell that fails."""
    client = notebook_client(path, cwd, timeout)
    client.execute(env=env)
    return client.nb


def notebook_client(path, cwd, timeout=600):
    """An nbclient client for the notebook at path, its kernel working in cwd."""
    return NotebookClient(
        nbformat.read(path, as_version=4), timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": cwd}},
        shutdown_kernel="immediate",  # "Run All" ends with its last cell, not with the kernel
    )  # fmt: skip
