"""boot(): the one cell at the top of every notebook. Safe to run again at any time."""

import os

import django

from workbench.answers import default_to_the_learners_answers
from workbench.errors import WorkbookError


class BootError(WorkbookError):
    """A service named in the environment does not answer."""


def boot(size="workshop"):
    """Set up Django, migrate, seed an empty database and import the models into the notebook."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    # Notebook cells run inside an event loop, where Django refuses ORM calls unless told.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    default_to_the_learners_answers()
    django.setup()

    from django.core.management import call_command

    from forum import seeding

    check_database()
    check_cache()
    call_command("migrate", verbosity=0)
    seeding.seed(size)
    share_with_notebook()
    print(describe_setup())


def check_database():
    from django.db import connection
    from django.db.utils import OperationalError

    from core.databases import ensure_database

    try:
        ensure_database()  # a learner's own database on a shared server, made on first use
        connection.ensure_connection()
    except OperationalError as error:
        raise BootError(
            f"The database in DATABASE_URL does not answer ({first_line(error)}). Start it, "
            "or unset DATABASE_URL to use the built-in SQLite file."
        ) from None


def check_cache():
    from django.core.cache import cache
    from redis.exceptions import ConnectionError

    try:
        cache.get("workbench:boot")
    except ConnectionError as error:
        raise BootError(
            f"Redis in REDIS_URL does not answer ({first_line(error)}). Start it, "
            "or unset REDIS_URL to use the in-process fakeredis."
        ) from None


def first_line(error):
    return str(error).strip().splitlines()[0]


def share_with_notebook():
    """Import the models and usual helpers into the notebook, as `shell_plus` does."""
    from django.core.management.color import no_style
    from django_extensions.management.shells import import_objects
    from IPython import get_ipython

    from workbench.measure import register_magic

    ipython = get_ipython()
    if ipython is not None:
        ipython.push(import_objects({"quiet_load": True}, no_style()))
        register_magic(ipython)


def describe_setup():
    from forum.models import Comment, Post

    return (
        f"{describe_services()}\n"
        f"Data:     {Post.objects.count():,} posts, {Comment.objects.count():,} comments\n"
        f"Answers:  {describe_answers()}"
    )


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
