"""Exercise 02: serve an author's statistics from the cache and refresh them with Celery
(reference)."""

from django.core.cache import cache

from forum import tasks
from forum.caching import compute_entry, refresh_lock_key, stats_key

REFRESH_LOCK_SECONDS = 60  # if a worker dies mid-refresh, another may queue after this


def get_author_stats(author_id):
    """Return the cached Entry, fresh or stale, or None; queue a refresh when one is due."""
    entry = cache.get(stats_key(author_id))
    if entry is None or entry.refresh_due():
        schedule_refresh(author_id)
    return entry


def schedule_refresh(author_id):
    """Queue one refresh of the author's statistics, unless one is pending already."""
    # cache.add only sets a key that does not exist, atomically: one request wins the lock.
    if cache.add(refresh_lock_key(author_id), True, REFRESH_LOCK_SECONDS):
        tasks.refresh_author_stats.delay(author_id)


def refresh_author_stats(author_id):
    """The refresh task's body: compute the statistics, cache them without expiry, unlock."""
    cache.set(stats_key(author_id), compute_entry(author_id), timeout=None)
    cache.delete(refresh_lock_key(author_id))
