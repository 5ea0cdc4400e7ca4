"""Settings for the tests and the autograder: the project's, with what only tests need."""

import os

from workshop.settings import *

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    if schema := os.environ.get("WORKBOOK_TEST_SCHEMA"):
        # check() for a role that may not create databases: the tests keep their data in a
        # schema of the learner's own database, which check() made and drops (run with
        # --reuse-db, so that Django uses the database as it is).
        DATABASES["default"]["TEST"] = {"NAME": DATABASES["default"]["NAME"]}
        DATABASES["default"]["OPTIONS"]["options"] += f" -c search_path={schema}"
    else:
        # One test database per process, so that concurrent runs (parallel grading, a check()
        # while the suite runs) never drop each other's. SQLite tests run in memory.
        NAME = DATABASES["default"]["NAME"]
        DATABASES["default"]["TEST"] = {"NAME": f"test_{NAME}_{os.getpid()}"}

if run := os.environ.get("WORKBOOK_CHECK_RUN"):
    # check() shares the learner's Redis with the notebook's worker (and any other): its tasks
    # go to a queue of its own and its cache keys get a prefix of their own, so that neither
    # takes or overwrites the other's. tests/conftest.py removes the queue after the run.
    CACHES["default"]["KEY_PREFIX"] = run
    CELERY_TASK_DEFAULT_QUEUE = run

# Hashing a password properly costs a quarter of a second per login: tests hash with MD5, and
# still read the seeded admin's PBKDF2 hash.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
