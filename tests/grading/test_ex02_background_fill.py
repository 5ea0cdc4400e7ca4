"""Autograder for exercise 02: serve author statistics from the cache, refresh them with Celery."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.timezone import now

from forum.caching import Entry, forget, stats_key
from forum.models import Comment
from forum.stats import author_stats
from workbench.answers import load_answer
from workbench.measure import measure
from workbench.worker import start_worker, stop_worker

pytestmark = pytest.mark.django_db
NEVER_COMPUTE_HINT = (
    "The request path only reads the cache: it must never run the slow function, which reads "
    "the database. Computing is the refresh task's job."
)


@pytest.fixture
def ex02():
    return load_answer("ex02")


@pytest.fixture
def author():
    """The busiest author, with nothing cached and no worker running."""
    stop_worker()
    busiest = get_user_model().objects.filter(comments__isnull=False).order_by("pk").first()
    forget([busiest.pk])
    yield busiest
    forget([busiest.pk])


def cache_entry(author, age):
    entry = Entry(author_stats(author.pk), time.time() - age, compute_seconds=0.01)
    cache.set(stats_key(author.pk), entry, timeout=None)
    return entry


def serve(ex02, author):
    """One request's work, with the queries it ran."""
    with measure(show=False) as measured:
        entry = ex02.get_author_stats(author.pk)
    return entry, measured.count


@pytest.mark.points(2, hint=NEVER_COMPUTE_HINT + " With nothing cached, return None.")
def test_cold_miss_serves_a_placeholder_without_computing(ex02, author, refreshes_queued):
    assert serve(ex02, author) == (None, 0)
    assert refreshes_queued == [author.pk]


@pytest.mark.points(1, hint=NEVER_COMPUTE_HINT + " A fresh entry is served as it is.")
def test_warm_cache_is_served_without_computing(ex02, author, refreshes_queued):
    cached = cache_entry(author, age=0)
    assert serve(ex02, author) == (cached, 0)
    assert refreshes_queued == []


@pytest.mark.points(
    2, hint=NEVER_COMPUTE_HINT + " A stale entry is still served, and a refresh is queued."
)
def test_stale_entry_is_served_and_refreshed(ex02, author, refreshes_queued, settings):
    stale = cache_entry(author, age=2 * settings.AUTHOR_STATS_MAX_AGE)
    assert serve(ex02, author) == (stale, 0)
    assert refreshes_queued == [author.pk]


@pytest.mark.points(
    2,
    hint="Many requests arrive before the worker runs: take a lock with cache.add() (it sets "
    "the key only if it is absent) and queue the task only if you got it.",
)
def test_one_refresh_is_queued_however_many_requests_miss(ex02, author, refreshes_queued):
    for _ in range(20):
        ex02.get_author_stats(author.pk)
    assert refreshes_queued == [author.pk]


@pytest.mark.points(
    1,
    hint="refresh_author_stats() caches compute_entry(author_id) with no expiry, then deletes "
    "the lock, so that the next refresh can be queued when this one goes stale.",
)
def test_refresh_caches_the_statistics_and_releases_the_lock(
    ex02, author, refreshes_queued, settings
):
    ex02.get_author_stats(author.pk)
    ex02.refresh_author_stats(author.pk)
    entry = ex02.get_author_stats(author.pk)
    assert entry.stats == author_stats(author.pk)
    settings.AUTHOR_STATS_MAX_AGE = 0  # everything is stale now: a second refresh is due
    ex02.get_author_stats(author.pk)
    assert refreshes_queued == [author.pk, author.pk]


@pytest.mark.points(
    1,
    hint="A new comment queues forum.tasks.refresh_author_stats, whose body is your "
    "refresh_author_stats(): it must store the new statistics.",
)
def test_new_comment_refreshes_its_authors_statistics(
    ex02, author, refreshes_queued, django_capture_on_commit_callbacks
):
    cache_entry(author, age=0)
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.create(
            post=author.comments.first().post, author=author, body="Me again.", created=now()
        )
    assert refreshes_queued == [author.pk]
    ex02.refresh_author_stats(author.pk)  # what the worker runs
    assert ex02.get_author_stats(author.pk).stats.comments == author.comments.count()


@pytest.mark.points(
    1,
    hint="With the in-process worker running, the refresh queued by a cold miss must end up in "
    "the cache: does refresh_author_stats() store what get_author_stats() reads?",
)
def test_in_process_worker_fills_the_cache(ex02, author):
    assert ex02.get_author_stats(author.pk) is None
    start_worker()
    try:
        deadline = time.monotonic() + 20
        while (entry := ex02.get_author_stats(author.pk)) is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop_worker()
    assert entry is not None
    assert entry.stats == author_stats(author.pk)
