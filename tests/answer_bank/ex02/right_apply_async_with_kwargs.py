"""Right: apply_async(kwargs=...), and the lock released in a finally block."""

from django.core.cache import cache

from forum.caching import compute_entry, refresh_lock_key, stats_key
from forum.tasks import refresh_author_stats as refresh_task

REFRESH_LOCK_SECONDS = 120


def get_author_stats(author_id):
    entry = cache.get(stats_key(author_id))
    if not entry or entry.refresh_due():
        schedule_refresh(author_id)
    return entry


def schedule_refresh(author_id):
    got_lock = cache.add(refresh_lock_key(author_id), 1, REFRESH_LOCK_SECONDS)
    if got_lock:
        refresh_task.apply_async(kwargs={"author_id": author_id})


def refresh_author_stats(author_id):
    try:
        cache.set(stats_key(author_id), compute_entry(author_id), timeout=None)
    finally:
        cache.delete(refresh_lock_key(author_id))
