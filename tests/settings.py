"""Settings for the tests and the autograder: the project's, with what only tests need."""

import os

from workshop.settings import *

# One test database per process, so that concurrent runs (a notebook's check() while the suite
# runs, parallel grading) never drop each other's. SQLite tests run in memory.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

# Hashing the admin's password properly costs a quarter of a second per login.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
