"""Seeding at scale: the large dataset (1M comments) on the database in use, and the huge one
(10M) on PostgreSQL, each into a scratch database, against its budget."""

import os
import subprocess
import sys
import tempfile
import uuid

from django.db import connection

from bench.report import Row
from workbench.notebooks import users_env

CHAPTER = "seeding"
BUDGETS_S = {"large": 8, "huge": 60}
SEED = """
import os, time
os.environ["DJANGO_SETTINGS_MODULE"] = "workshop.settings"
import django
django.setup()
from django.core.management import call_command
from forum import seeding
call_command("migrate", verbosity=0)
started = time.perf_counter()
seeding.seed({size!r}, progress=False)
print(time.perf_counter() - started)
"""


def seconds_to_seed(size):
    """Seed `size` in a new process, into a scratch database like the one in use; return the
    seconds seed() took (setting up Django and migrating are not counted)."""
    env = users_env()
    if connection.vendor == "postgresql":
        scratch = f"workbook_bench_{uuid.uuid4().hex[:8]}"
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{scratch}"
        server(f"CREATE DATABASE {scratch}")
        try:
            return run_seed(size, env)
        finally:
            server(f"DROP DATABASE {scratch} WITH (FORCE)")
    with tempfile.TemporaryDirectory(prefix="workbook-bench-seed-") as folder:
        env.pop("DATABASE_URL", None)
        return run_seed(size, env | {"WORKBOOK_DATA_DIR": folder})


def server(statement):
    """Run a statement outside any transaction (CREATE DATABASE cannot run in one)."""
    import psycopg

    db = connection.settings_dict
    where = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "dbname": db["NAME"]}
    with psycopg.connect(**where, autocommit=True) as session:
        session.execute(statement)


def run_seed(size, env):
    seeded = subprocess.run(
        [sys.executable, "-c", SEED.format(size=size)], env=env, capture_output=True, text=True,
        check=True, cwd=os.getcwd(),
    )  # fmt: skip
    return float(seeded.stdout.split()[-1])


def rows(repeat):
    sizes = ["large", "huge"] if connection.vendor == "postgresql" else ["large"]
    return [
        Row(CHAPTER, f"{size} dataset on {connection.display_name} vs {BUDGETS_S[size]} s budget",
            "s", BUDGETS_S[size], seconds_to_seed(size), target=1)
        for size in sizes
    ]  # fmt: skip
