"""Exercise 02: serve an author's statistics from the cache and refresh them with Celery.

The author card (/authors/<username>/card/) shows statistics that `forum.stats.author_stats()`
works out slowly: the busier the author, the slower. As written, the card is cache-aside
(`forum.caching.cache_aside`): it runs that slow function inside the request whenever the
cache misses, and the unlucky requests make the 99th percentile. Fill the cache in the
background instead: the request only reads the cache and, when a refresh is due, queues the
Celery task `forum.tasks.refresh_author_stats`, whose body is your `refresh_author_stats()`.

`forum.caching` has the pieces: `stats_key(author_id)` and `refresh_lock_key(author_id)` (cache
keys), `compute_entry(author_id)` (runs the slow function, returns an `Entry`), and
`Entry.refresh_due()` (stale, or due for an early refresh).

Task:
1. `get_author_stats(author_id)`: return the cached `Entry`, fresh or stale, or None when nothing
   is cached (the card shows a placeholder). Never run the slow function here. When there is no
   entry or its refresh is due, call `schedule_refresh()`.
2. `schedule_refresh(author_id)`: queue `forum.tasks.refresh_author_stats` for the author, once:
   however many requests arrive before the worker runs, one task per author is pending at a
   time. `cache.add()` sets a key only if it is absent, atomically: a lock. Give the lock an
   expiry (REFRESH_LOCK_SECONDS), so that a refresh lost with a crashed worker is queued again.
   (Should the broker be down, the task logs it and releases the lock itself: forum.tasks.)
3. `refresh_author_stats(author_id)`: compute the entry, cache it with no expiry (the request
   path decides when it is stale), and release the lock so the next refresh can be queued.

Check: `check("ex02")` in notebook 02, or `make check EX=ex02` in a terminal.
"""

from django.core.cache import cache

from core.extension_points import NotWrittenYet
from forum import tasks
from forum.caching import compute_entry, refresh_lock_key, stats_key

REFRESH_LOCK_SECONDS = 60  # if a worker dies mid-refresh, another may be queued after this


def get_author_stats(author_id):
    """Return the cached Entry, fresh or stale, or None; queue a refresh when one is due."""
    raise NotWrittenYet("ex02")


def schedule_refresh(author_id):
    """Queue one refresh of the author's statistics, unless one is pending already."""
    raise NotWrittenYet("ex02")


def refresh_author_stats(author_id):
    """The refresh task's body: compute the statistics, cache them without expiry, unlock."""
    raise NotWrittenYet("ex02")
