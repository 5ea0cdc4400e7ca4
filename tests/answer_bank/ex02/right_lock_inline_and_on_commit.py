"""Right: the lock taken in get_author_stats(), the task queued once the transaction commits."""

from django.core.cache import cache
from django.db import transaction

from forum import caching, tasks

REFRESH_LOCK_SECONDS = 60


def get_author_stats(author_id):
    entry = cache.get(caching.stats_key(author_id))
    due = entry is None or entry.refresh_due()
    if due and cache.add(caching.refresh_lock_key(author_id), True, REFRESH_LOCK_SECONDS):
        transaction.on_commit(lambda: tasks.refresh_author_stats.apply_async(args=[author_id]))
    return entry


def schedule_refresh(author_id):
    if cache.add(caching.refresh_lock_key(author_id), True, REFRESH_LOCK_SECONDS):
        tasks.refresh_author_stats.delay(author_id)


def refresh_author_stats(author_id):
    cache.set_many({caching.stats_key(author_id): caching.compute_entry(author_id)}, None)
    cache.delete_many([caching.refresh_lock_key(author_id)])
