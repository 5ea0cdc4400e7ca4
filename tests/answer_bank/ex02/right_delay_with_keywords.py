"""Right: the task queued with a keyword argument, .delay(author_id=...)."""

from django.core.cache import cache

from forum import tasks
from forum.caching import compute_entry, refresh_lock_key, stats_key

REFRESH_LOCK_SECONDS = 60


def get_author_stats(author_id):
    entry = cache.get(stats_key(author_id))
    if entry is None or entry.refresh_due():
        schedule_refresh(author_id)
    return entry


def schedule_refresh(author_id):
    if cache.add(refresh_lock_key(author_id), "pending", timeout=REFRESH_LOCK_SECONDS):
        tasks.refresh_author_stats.delay(author_id=author_id)


def refresh_author_stats(author_id):
    entry = compute_entry(author_id)
    cache.set(stats_key(author_id), entry, None)
    cache.delete(refresh_lock_key(author_id))
