"""The forum's Celery tasks, run by `celery -A workshop worker` or the in-process worker.

`celery -A workshop beat` runs the periodic ones (settings.CELERY_BEAT_SCHEDULE).
"""

from celery import shared_task

from forum import caching
from forum.stats import most_active_authors


@shared_task
def refresh_author_stats(author_id):
    """Recompute an author's cached statistics (forum.caching: exercise 02 writes the body)."""
    caching.refresh_author_stats(author_id)


@shared_task
def warm_author_stats(top):
    """Queue a refresh for the `top` most active authors, whose cards are the most requested:
    background fill done ahead of traffic, so that their first requests find data."""
    for author_id in most_active_authors(top):
        refresh_author_stats.delay(author_id)
