"""Wrong: cache-aside on a miss (the slow function in the request), a refresh only when stale.

Fails: test_a_cold_card_shows_the_placeholder_without_computing,
test_one_refresh_is_queued_however_many_requests_miss, test_the_refresh_lock_expires,
test_the_refresh_releases_the_lock, test_the_in_process_worker_fills_the_card
"""

from django.core.cache import cache

from forum import tasks
from forum.caching import compute_entry, refresh_lock_key, stats_key


def get_author_stats(author_id):
    entry = cache.get(stats_key(author_id))
    if entry is None:
        entry = compute_entry(author_id)
        cache.set(stats_key(author_id), entry, None)
    elif entry.refresh_due():
        schedule_refresh(author_id)
    return entry


def schedule_refresh(author_id):
    if cache.add(refresh_lock_key(author_id), True, 60):
        tasks.refresh_author_stats.delay(author_id)


def refresh_author_stats(author_id):
    cache.set(stats_key(author_id), compute_entry(author_id), None)
    cache.delete(refresh_lock_key(author_id))
