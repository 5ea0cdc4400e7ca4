"""Settings for the workshop project, read from the environment only.

DATABASE_URL       default: a SQLite file in data/ (git-ignored); a PostgreSQL URL without a
                   database name (postgres://workbook@server:5432) means workbook_<OS user>
CONN_MAX_AGE       seconds a PostgreSQL connection is kept between requests; default 0 (one
                   per request: right for runserver's thread per request); 60 under gunicorn
REDIS_URL          default: an in-process fakeredis server
CELERY_BROKER_URL  default: REDIS_URL if set, else an in-process memory broker
DEBUG              default: true (a workbook on a laptop); false on a server
SECRET_KEY         default: a development key, refused when DEBUG is false
ALLOWED_HOSTS      comma-separated; default: localhost, 127.0.0.1 (and testserver)
WORKBOOK_ANSWERS   the exercises' answers the site serves: exercises, solutions or a folder;
                   default: none, the project's naive versions (core.extension_points)

Importing this module only reads the environment: the data folder is made when the database
is first used (core.apps), the in-process Redis and broker when first connected to.
"""

import getpass
import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from workshop import environment

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("WORKBOOK_DATA_DIR", REPO_DIR / "data"))

DEVELOPMENT_SECRET_KEY = "development-only-key-do-not-deploy"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = os.environ.get("DEBUG", "true").lower() in ("true", "1", "yes", "on")
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key: set SECRET_KEY to a long random "
        "value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=true "
        "for a workbook on your own machine."
    )
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_extensions",
    "core",
    "forum",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.QueryCancelledMiddleware",
]

ROOT_URLCONF = "workshop.urls"
WSGI_APPLICATION = "workshop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def learners_database():
    """workbook_<OS user>: each learner on a shared server has a database of their own."""
    return "workbook_" + re.sub(r"[^a-z0-9_]", "_", getpass.getuser().lower())


# runserver serves each request in a thread of its own: a connection kept past the request
# would stay open with its thread's memory, one per request. Under gunicorn's sync workers, a
# worker's connection serves its next requests: CONN_MAX_AGE=60 saves a connect per request.
DATABASES = {
    "default": environment.database(
        f"sqlite:///{DATA_DIR / 'workbook.sqlite3'}",
        conn_max_age=round(environment.seconds("CONN_MAX_AGE", 0)),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = DATABASES["default"]["NAME"] or learners_database()
CONNECT_TIMEOUT = 5  # seconds to wait for a database, Redis or broker that does not answer
# Chapter 4: every statement is cancelled after STATEMENT_TIMEOUT seconds (PostgreSQL; on
# SQLite, core.timeouts.statement_timeout() is the analogue), and the app's connections carry
# an application_name, so that the query killer can tell the app's statements from others'.
STATEMENT_TIMEOUT = environment.seconds("STATEMENT_TIMEOUT", 30)
DATABASE_APPLICATION_NAME = "workbook"
REPORT_TIMEOUT = 10  # seconds: the co-commenters report may run longer than other pages
RETRY_AFTER_SECONDS = 30  # what a 503 for a cancelled query tells clients
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A write-ahead log: readers (server threads, the worker) never wait for a writer, and a
    # commit need not reach the disk at once (a crash may lose the last commits, not the file).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    }
else:
    DATABASES["default"]["OPTIONS"] = {
        "application_name": DATABASE_APPLICATION_NAME,
        "options": f"-c statement_timeout={round(STATEMENT_TIMEOUT * 1000)}",
        "connect_timeout": CONNECT_TIMEOUT,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL or "redis://fakeredis",
        "OPTIONS": {"socket_connect_timeout": CONNECT_TIMEOUT, "socket_timeout": CONNECT_TIMEOUT}
        if REDIS_URL
        else {"pool_class": "workshop.in_process.FakeRedisPool"},
    }
}

IN_PROCESS_BROKER_URL = "memory://localhost/"  # a host named, or kombu warns on every connection
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or IN_PROCESS_BROKER_URL)
# Queuing a task must not hold up a request: a broker that does not answer within
# ENQUEUE_TIMEOUT seconds fails the queuing, which the task logs and survives (forum.tasks).
ENQUEUE_TIMEOUT = 2
CELERY_BROKER_CONNECTION_TIMEOUT = ENQUEUE_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_max": 0.2}
# A task lost with its worker runs again: a task is acknowledged once done, not when received.
# A pool process that dies mid-task hands its task back at once (reject on worker lost); a
# whole worker that dies leaves it unacknowledged, and Redis hands it to a worker again after
# the visibility timeout.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
TASK_REDELIVERY_SECONDS = 300
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": ENQUEUE_TIMEOUT,
    "socket_connect_timeout": ENQUEUE_TIMEOUT,
    "visibility_timeout": TASK_REDELIVERY_SECONDS,
}
if CELERY_BROKER_URL == IN_PROCESS_BROKER_URL:
    CELERY_BROKER_TRANSPORT = "workshop.in_process:InProcessTransport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.01}
CELERY_RESULT_BACKEND = REDIS_URL or "rpc://"
CELERY_TASK_IGNORE_RESULT = True  # tasks store what they compute in the cache

# Chapter 2: how old an author's statistics may grow, and the slow function's per-comment cost.
AUTHOR_STATS_MAX_AGE = 60
AUTHOR_STATS_WARM_TOP = 100  # the most active authors, refreshed ahead of traffic by Celery beat
CELERY_BEAT_SCHEDULE = {
    "warm the busiest authors' statistics": {
        "task": "forum.tasks.warm_author_stats",
        "schedule": AUTHOR_STATS_MAX_AGE,
        "args": [AUTHOR_STATS_WARM_TOP],
    }
}
AUTHOR_STATS_MS_PER_COMMENT = 0.1

# The exercises' answers that serve the project's extension points (core.extension_points):
# the learner's ("exercises"), the reference ("solutions"), any folder of exNN_*.py files, or
# none: the naive versions. An untouched stub falls back to the naive version, except where
# the autograder turns WORKBOOK_FALLBACK_TO_NAIVE off.
ANSWERS_FOLDERS = {"exercises": REPO_DIR / "exercises", "solutions": REPO_DIR / "solutions"}
_answers = os.environ.get("WORKBOOK_ANSWERS", "")
WORKBOOK_ANSWERS = ANSWERS_FOLDERS.get(_answers, Path(_answers).absolute()) if _answers else None
WORKBOOK_FALLBACK_TO_NAIVE = True

# Below this many rows an exact COUNT(*) is cheap, and approximate counts are not worth it.
APPROX_COUNT_THRESHOLD = 1000

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
