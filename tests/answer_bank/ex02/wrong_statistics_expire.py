"""Wrong: the statistics cached with a timeout: once they expire, the placeholder is back.

Fails: test_the_refresh_caches_the_statistics_without_expiry
"""

from django.core.cache import cache

from forum import tasks
from forum.caching import compute_entry, refresh_lock_key, stats_key


def get_author_stats(author_id):
    entry = cache.get(stats_key(author_id))
    if entry is None or entry.refresh_due():
        schedule_refresh(author_id)
    return entry


def schedule_refresh(author_id):
    if cache.add(refresh_lock_key(author_id), True, 60):
        tasks.refresh_author_stats.delay(author_id)


def refresh_author_stats(author_id):
    cache.set(stats_key(author_id), compute_entry(author_id), 300)
    cache.delete(refresh_lock_key(author_id))
