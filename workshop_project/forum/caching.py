"""Ways to serve an author's statistics: compute every time, or cache-aside (the naive version).

Each takes an author's id and returns an `Entry` (the statistics, when they were computed and
how long that took), or None when nothing is cached yet. The author card and the refresh task
call the extension points at the bottom, which exercise 02 turns into background fill.
"""

import math
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from core.extension_points import extension_point
from forum.stats import AuthorStats, author_stats


@dataclass(frozen=True)
class Entry:
    stats: AuthorStats
    computed_at: float  # time.time() when the computation finished
    compute_seconds: float

    def age(self):
        return time.time() - self.computed_at

    def refresh_due(self, beta=1.0):
        """Whether to recompute now: always once older than AUTHOR_STATS_MAX_AGE, and sometimes
        a little earlier, the more likely the longer the computation takes.

        This is XFetch (Vattani, Chierichetti and Lowenstein, VLDB 2015): spreading the refreshes
        of a hot key over the time before it expires avoids a burst of them at expiry.
        """
        early = -self.compute_seconds * beta * math.log(1.0 - random.random())
        return self.age() + early >= settings.AUTHOR_STATS_MAX_AGE


def stats_key(author_id):
    return f"author-stats:{author_id}"


def refresh_lock_key(author_id):
    return f"author-stats-refresh:{author_id}"


def compute_entry(author_id):
    """Run the slow function and time it."""
    started = time.perf_counter()
    stats = author_stats(author_id)
    return Entry(stats, time.time(), time.perf_counter() - started)


def forget(author_ids):
    """Drop the authors' cached statistics and pending-refresh locks: a cold cache again."""
    cache.delete_many([key(a) for a in author_ids for key in (stats_key, refresh_lock_key)])


def uncached(author_id):
    """Compute in the request, every time."""
    return compute_entry(author_id)


def cache_aside(author_id):
    """The common pattern: on a miss, compute in the request and cache the result."""
    entry = cache.get(stats_key(author_id))
    if entry is None:
        entry = compute_entry(author_id)
        cache.set(stats_key(author_id), entry, settings.AUTHOR_STATS_MAX_AGE)
    return entry


@extension_point("ex02")
def get_author_stats(author_id):
    """The author card's statistics: an Entry, or None for a placeholder. Naive: cache-aside."""
    return cache_aside(author_id)


@extension_point("ex02")
def refresh_author_stats(author_id):
    """The refresh task's body, queued when the author comments. Naive: forget the cached
    statistics, so that the next request computes them again."""
    cache.delete(stats_key(author_id))
