"""The forum's Celery tasks, run by `celery -A workshop worker` or the in-process worker."""

from celery import shared_task

from forum import caching


@shared_task
def refresh_author_stats(author_id):
    """Recompute an author's cached statistics (forum.caching: exercise 02 writes the body)."""
    caching.refresh_author_stats(author_id)
