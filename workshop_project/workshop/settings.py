"""Settings for the workshop project, read from the environment only.

DATABASE_URL       default: a SQLite file in data/ (git-ignored)
REDIS_URL          default: an in-process fakeredis server
CELERY_BROKER_URL  default: REDIS_URL if set, else an in-process memory broker
SECRET_KEY         default: a development key, fine for a laptop, never for a server
"""

import os
from pathlib import Path

import dj_database_url
import fakeredis

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("WORKBOOK_DATA_DIR", REPO_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-do-not-deploy")
DEBUG = os.environ.get("DEBUG", "true").lower() == "true"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'workbook.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # One test database per process, so that concurrent runs (a notebook's check() while the
    # suite runs, parallel grading) never drop each other's. SQLite tests run in memory.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
FAKE_REDIS_SERVER = fakeredis.FakeServer()  # one server per process, shared by every thread
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL or "redis://fakeredis",
        "OPTIONS": {}
        if REDIS_URL
        else {"connection_class": fakeredis.FakeRedisConnection, "server": FAKE_REDIS_SERVER},
    }
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
if CELERY_BROKER_URL == "memory://":
    CELERY_BROKER_TRANSPORT = "workbench.worker:InProcessTransport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.01}
CELERY_RESULT_BACKEND = REDIS_URL or "rpc://"

# Below this many rows an exact COUNT(*) is cheap, and approximate counts are not worth it.
APPROX_COUNT_THRESHOLD = 1000

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
