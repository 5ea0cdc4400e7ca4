"""boot(): the one cell at the top of every notebook. Safe to run again at any time, and in any
number of kernels at once."""

import fcntl
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import django

from workbench.answers import default_to_the_learners_answers
from workbench.errors import WorkbookError

SETUP_LOCK = 2014_08_28  # the PostgreSQL advisory lock that kernels take to migrate and seed


class BootError(WorkbookError):
    """A setting to fix, or a service named in the environment that does not answer."""


def boot(size="workshop"):
    """Set up Django, migrate, seed an empty database and import the models into the notebook."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    # Notebook cells run inside an event loop, where Django refuses ORM calls unless told.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    default_to_the_learners_answers()
    try:
        django.setup()
        set_up_database(size)
    except Exception as error:
        from workshop.services import explain

        if (paragraph := explain(error)) is None:
            raise
        raise BootError(paragraph) from None
    names = share_with_notebook()
    print(describe_setup(names))


def set_up_database(size):
    """Check the services, then migrate and seed: one kernel at a time, the others find it done."""
    from django.core.management import call_command

    from core.databases import ensure_database
    from forum import seeding
    from workshop.services import check_broker, check_cache, check_database

    reopen_a_deleted_sqlite_file()
    ensure_database()  # a learner's own database on a shared server, made on first use
    check_database()
    check_cache()
    check_broker()
    with one_kernel_at_a_time():
        call_command("migrate", verbosity=0)
        seeding.seed(size)


def reopen_a_deleted_sqlite_file():
    """If the SQLite file was deleted under this kernel, drop the connections that still hold it
    open (this thread's and the worker's), so that a new file is made and set up."""
    from django.db import connection, connections

    from workbench.worker import stop_worker

    if connection.vendor != "sqlite":
        return
    path = Path(connection.settings_dict["NAME"])
    if connection.connection is not None and not path.exists():
        stop_worker()
        connections.close_all()
    path.parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def one_kernel_at_a_time():
    """Hold a lock across kernels: a file lock beside the SQLite file, else an advisory lock."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with open(Path(connection.settings_dict["NAME"]).with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [SETUP_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SETUP_LOCK])


def share_with_notebook():
    """Import the models and usual helpers into the notebook, as `shell_plus` does; say which
    failures of services get a paragraph instead of a traceback. Return the names imported."""
    from django.core.management.color import no_style
    from django_extensions.management.shells import import_objects
    from IPython import get_ipython

    from workbench.measure import register_magic

    ipython = get_ipython()
    if ipython is None:
        return []
    imported = import_objects({"quiet_load": True}, no_style())
    ipython.push(imported)
    register_magic(ipython)
    explain_service_errors(ipython)
    logs_as_plain_output()
    return sorted(name for name, value in imported.items() if hasattr(value, "_meta"))


def explain_service_errors(ipython):
    """In this notebook, a database, Redis or broker that stops answering shows as a paragraph
    that says what to do (workshop.services.explain), not as a traceback."""
    import kombu.exceptions
    import redis.exceptions
    from django.db import OperationalError

    from workshop.services import explain

    def show(shell, kind, error, traceback, tb_offset=None):
        if (paragraph := explain(error)) is None:
            return shell.InteractiveTB.structured_traceback(kind, error, traceback, tb_offset)
        return BootError(paragraph)._render_traceback_()

    errors = (OperationalError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
              kombu.exceptions.OperationalError)  # fmt: skip
    ipython.set_custom_exc(errors, show)


class OneLine(logging.Formatter):
    """A log record's message alone: the cell's own error already shows any traceback."""

    def format(self, record):
        return record.getMessage()


def logs_as_plain_output():
    """Django's log lines (a 503 a chapter provokes on purpose, the 500 of a broken answer)
    show as one plain line in the notebook, not in the red box of an error."""
    for handler in logging.getLogger("django").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sys.stdout)
            handler.setFormatter(OneLine())


def describe_setup(names):
    from forum.models import Comment, Post

    lines = [
        describe_services(),
        f"Data:     {Post.objects.count():,} posts, {Comment.objects.count():,} comments",
        f"Answers:  {describe_answers()}",
    ]
    if names:
        lines.append(f"Imported: {', '.join(names)} (the models, as manage.py shell_plus does)")
    return "\n".join(lines)


def describe_answers():
    """Which answers the site serves; a bad WORKBOOK_ANSWERS is reported now, not at a check."""
    from django.conf import settings

    folder = settings.WORKBOOK_ANSWERS
    if folder is None:
        return "none: the project as written (WORKBOOK_ANSWERS is empty)"
    if not folder.is_dir():
        raise BootError(
            f"WORKBOOK_ANSWERS={os.environ.get('WORKBOOK_ANSWERS')!r} is not a folder; use "
            "'exercises', 'solutions' or the path of a folder of exNN_*.py files."
        )
    return f"{folder} (WORKBOOK_ANSWERS)"


def describe_services():
    """Which database, cache and broker the settings name, one per line."""
    from django.conf import settings
    from django.db import connection

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        where = database["NAME"]
    else:
        where = f"{database['HOST']}:{database['PORT']}/{database['NAME']}"
    cache = "Redis at REDIS_URL" if settings.REDIS_URL else "fakeredis (in-process)"
    brokers = {
        settings.IN_PROCESS_BROKER_URL: "in-process memory",
        settings.REDIS_URL: "Redis at REDIS_URL",
    }
    broker = brokers.get(settings.CELERY_BROKER_URL, "CELERY_BROKER_URL")
    return f"Database: {connection.display_name} ({where})\nCache:    {cache}\nBroker:   {broker}"
