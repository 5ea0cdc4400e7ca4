"""The forum's Celery tasks, run by `celery -A workshop worker` or the in-process worker.

`celery -A workshop beat` runs the periodic ones (settings.CELERY_BEAT_SCHEDULE). The tasks
belong to the project's app (workshop.celery) by name, so Celery loads with this module, when a
task is first queued, and not with every Django process.
"""

import inspect
import logging

from celery import Task
from django.core.cache import cache
from kombu.exceptions import OperationalError

from forum import caching
from forum.stats import most_active_authors
from workshop.celery import app

logger = logging.getLogger(__name__)


class QueuedOrLogged(Task):
    """A task whose queuing never fails the caller: when the broker is down or silent past
    settings.ENQUEUE_TIMEOUT, the failure is logged, `not_queued()` runs, and `apply_async()`
    (and `delay()`) return None."""

    def apply_async(self, args=None, kwargs=None, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except OperationalError as error:
            arguments = inspect.signature(self.run).bind(*(args or ()), **(kwargs or {}))
            call = ", ".join(f"{name}={value!r}" for name, value in arguments.arguments.items())
            logger.warning("Could not queue %s(%s): %s", self.name, call, error)
            self.not_queued(**arguments.arguments)
            return None

    def not_queued(self, **arguments):
        """What to undo when the task could not be queued."""


class RefreshAuthorStats(QueuedOrLogged):
    def not_queued(self, author_id):
        """Release the refresh lock (exercise 02), so that the next request queues it again."""
        cache.delete(caching.refresh_lock_key(author_id))


@app.task(base=RefreshAuthorStats)
def refresh_author_stats(author_id):
    """Recompute an author's cached statistics (forum.caching: exercise 02 writes the body)."""
    caching.refresh_author_stats(author_id)


@app.task
def warm_author_stats(top):
    """Queue a refresh for the `top` most active authors, whose cards are the most requested:
    background fill done ahead of traffic, so that their first requests find data."""
    for author_id in most_active_authors(top):
        refresh_author_stats.delay(author_id)
