"""A room on one PostgreSQL server: two learners run notebook 04 at the same time, under the
app's role that create_roles makes, each in the database of their own that boot() creates."""

import subprocess
import sys

import pytest
from django.db import connection

from tests.core.conftest import RUN, database_url, drop_roles, manage, unique
from workbench.notebooks import users_env

pytestmark = [
    pytest.mark.notebooks,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a shared PostgreSQL server"),
]
LEARNER = """
import time
from workbench.notebooks import NOTEBOOKS_DIR, execute
started = time.time()
execute(NOTEBOOKS_DIR / "04_query_killer.ipynb", dict(__import__("os").environ), cwd=".")
print(started, time.time())
"""  # the notebook's cells raise at the first that fails


def start_learner(learner, server, folder):
    """Start notebook 04 as `learner` runs it: their OS user, the room's DATABASE_URL."""
    folder.mkdir()
    env = users_env() | {
        "DATABASE_URL": server, "USER": learner, "LOGNAME": learner,
        "WORKBOOK_ANSWERS": "solutions", "WORKBOOK_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
    }  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-c", LEARNER], cwd=folder, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


@pytest.mark.usefixtures("may_create_roles")
def test_two_learners_run_notebook_04_at_once_and_neither_cancels_the_other(
    tmp_path, sleep_in_session
):
    """Each notebook's killers, demos and check run while the other's do; the cells that must
    not be cancelled (a block without limit, a dry run, another application's statement) say
    so, and a cancel from the other learner would fail them. A third learner's app runs one
    long statement all along: any killer that looked beyond its own database would cancel it."""
    app, killer = unique("room_app"), unique("room_killer")
    learners, bystander = [f"alice_{RUN}", f"bob_{RUN}"], unique("workbook_carol")
    made = manage("create_roles", "--app", app, "--killer", killer, "--database", bystander,
                  DATABASE_URL=database_url())  # fmt: skip
    assert made.returncode == 0, made.stderr
    server = database_url(user=app).rsplit("/", 1)[0]  # names no database: workbook_<OS user>
    try:
        _, carols = sleep_in_session(600, user=app, dbname=bystander, application_name="workbook")
        runs = [start_learner(name, server, tmp_path / name) for name in learners]
        outputs = [run.communicate(timeout=600) for run in runs]
        assert "error" not in carols, f"a learner's killer cancelled another's: {carols}"
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"%{RUN}"])
            databases = {name for (name,) in cursor.fetchall()}
    finally:
        drop_roles([app, killer])  # and their databases: the bystander's statement ends
    for run, (_, errors) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, errors[-3000:]
    (first_start, first_end), (second_start, second_end) = (
        map(float, stdout.split()) for stdout, _ in outputs
    )
    assert first_start < second_end, "the runs did not overlap"
    assert second_start < first_end, "the runs did not overlap"
    assert {f"workbook_{name}" for name in learners} <= databases
