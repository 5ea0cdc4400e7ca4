import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from forum.caching import (
    Entry,
    cache_aside,
    forget,
    get_author_stats,
    refresh_author_stats,
    stats_key,
    uncached,
)
from forum.stats import author_stats
from workbench.measure import measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    author = get_user_model().objects.filter(comments__isnull=False).first()
    forget([author.pk])
    yield author
    forget([author.pk])


def queries(serve, author):
    with measure(show=False) as measured:
        entry = serve(author.pk)
    return entry, measured.count


def test_uncached_computes_every_time(author):
    first, ran = queries(uncached, author)
    assert ran > 0
    assert first.stats == author_stats(author.pk)
    assert queries(uncached, author)[1] == ran


def test_cache_aside_computes_on_a_miss_only(author):
    entry, ran = queries(cache_aside, author)
    assert ran > 0
    assert queries(cache_aside, author) == (entry, 0)


def test_forget_makes_the_cache_cold(author):
    cache_aside(author.pk)
    forget([author.pk])
    assert cache.get(stats_key(author.pk)) is None


def test_entries_come_due_at_max_age(author, settings):
    entry = Entry(author_stats(author.pk), time.time(), compute_seconds=0)
    assert not entry.refresh_due()
    settings.AUTHOR_STATS_MAX_AGE = 0
    assert entry.refresh_due()


def test_slow_entries_come_due_early_sometimes(author, settings):
    """XFetch: an entry that took longer to compute is refreshed early more often."""
    settings.AUTHOR_STATS_MAX_AGE = 10
    computed = time.time() - 9  # one second before it expires

    def early_share(compute_seconds):
        entry = Entry(author_stats(author.pk), computed, compute_seconds)
        return sum(entry.refresh_due() for _ in range(2000)) / 2000

    quick, slow = early_share(0.01), early_share(1.0)
    assert quick < 0.01
    assert 0.2 < slow < 0.5  # P(-ln U >= 1) = 1/e


def test_as_written_the_card_is_cache_aside_and_a_refresh_forgets(author, settings):
    settings.WORKBOOK_ANSWERS = None
    entry, ran = queries(get_author_stats, author)
    assert ran > 0
    assert queries(get_author_stats, author) == (entry, 0)
    refresh_author_stats(author.pk)
    assert cache.get(stats_key(author.pk)) is None
