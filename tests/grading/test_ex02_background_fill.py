"""Autograder for exercise 02: the author card (/authors/<username>/card/) served from the cache,
refreshed by Celery."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.timezone import now

from forum import caching
from forum.caching import Entry, forget, refresh_lock_key, stats_key
from forum.models import Comment
from forum.stats import author_stats
from workbench.worker import start_worker, stop_worker

pytestmark = pytest.mark.django_db
PLACEHOLDER = "being worked out"
NEVER_COMPUTE_HINT = (
    "The request only reads the cache: it never runs the slow function, which reads the "
    "comments. Computing is the refresh task's job."
)
WORKER_SECONDS = 5  # a refresh of the tiny dataset takes milliseconds, even on a loaded machine


@pytest.fixture
def author():
    """The busiest author, with nothing cached and no worker running."""
    stop_worker()
    busiest = get_user_model().objects.filter(comments__isnull=False).order_by("pk").first()
    forget([busiest.pk])
    yield busiest
    forget([busiest.pk])


@pytest.fixture
def get_card(get_page, author, django_capture_on_commit_callbacks):
    """Request the author's card; a refresh queued on commit is queued at once."""

    def get():
        with django_capture_on_commit_callbacks(execute=True):
            page = get_page(f"/authors/{author.username}/card/")
        page.read_comments = any("forum_comment" in sql for sql in page.queries)
        return page

    return get


def cache_entry(author, age):
    entry = Entry(author_stats(author.pk), time.time() - age, compute_seconds=0.01)
    cache.set(stats_key(author.pk), entry, timeout=None)
    return entry


def expiry(key):
    """Seconds until the cached key expires: None if it never does, -2 if it is not cached."""
    client = cache._cache.get_client(key)
    seconds = client.ttl(cache.make_and_validate_key(key))
    return None if seconds == -1 else seconds


def run_refresh(author):
    """What the worker runs for a queued refresh: the task's body."""
    caching.refresh_author_stats(author.pk)


@pytest.mark.points(2, hint=NEVER_COMPUTE_HINT + " With nothing cached, show the placeholder.")
def test_a_cold_card_shows_the_placeholder_without_computing(get_card, author, refreshes_queued):
    card = get_card()
    assert PLACEHOLDER in card.text, "the card shows statistics, not the placeholder"
    assert not card.read_comments, "the request read the comments: it computed the statistics"
    assert refreshes_queued == [author.pk], f"refreshes queued: {refreshes_queued}"


@pytest.mark.points(1, hint=NEVER_COMPUTE_HINT + " A fresh entry is served as it is.")
def test_a_fresh_entry_is_served_as_it_is(get_card, author, refreshes_queued):
    cached = cache_entry(author, age=0)
    card = get_card()
    assert card.context("entry") == cached, "the card does not show the cached entry"
    assert not card.read_comments, "the request read the comments: it computed the statistics"
    assert refreshes_queued == [], f"a fresh entry queued refreshes: {refreshes_queued}"


@pytest.mark.points(
    2, hint=NEVER_COMPUTE_HINT + " A stale entry is still served, and a refresh is queued."
)
def test_a_stale_entry_is_served_and_a_refresh_queued(get_card, author, refreshes_queued, settings):
    stale = cache_entry(author, age=2 * settings.AUTHOR_STATS_MAX_AGE)
    card = get_card()
    assert card.context("entry") == stale, "the card does not show the stale entry"
    assert not card.read_comments, "the request read the comments: it computed the statistics"
    assert refreshes_queued == [author.pk], f"refreshes queued: {refreshes_queued}"


@pytest.mark.points(
    2,
    hint="Many requests arrive before the worker runs: take a lock with cache.add() (it sets "
    "the key only if it is absent) and queue the task only if you got it.",
)
def test_one_refresh_is_queued_however_many_requests_miss(get_card, author, refreshes_queued):
    for _ in range(20):
        get_card()
    assert refreshes_queued == [author.pk], f"{len(refreshes_queued)} refreshes for 20 requests"


@pytest.mark.points(
    1,
    hint="Give the lock a timeout (REFRESH_LOCK_SECONDS): if the worker running the refresh "
    "dies, the lock expires and a later request queues the refresh again.",
)
def test_the_refresh_lock_expires(get_card, author):
    get_card()
    seconds = expiry(refresh_lock_key(author.pk))
    assert seconds != -2, "no lock was taken"
    assert seconds is not None, "the lock never expires"


@pytest.mark.points(
    1,
    hint="refresh_author_stats() caches compute_entry(author_id) with no expiry (timeout=None): "
    "an entry that expires brings the placeholder back.",
)
def test_the_refresh_caches_the_statistics_without_expiry(get_card, author):
    get_card()
    run_refresh(author)
    assert get_card().context("entry").stats == author_stats(author.pk), "not the statistics"
    assert expiry(stats_key(author.pk)) is None, "the cached statistics expire"


@pytest.mark.points(
    1,
    hint="refresh_author_stats() deletes the lock once the statistics are cached, so that the "
    "next refresh can be queued when these go stale.",
)
def test_the_refresh_releases_the_lock(get_card, author, refreshes_queued, settings):
    get_card()
    run_refresh(author)
    settings.AUTHOR_STATS_MAX_AGE = 0  # everything is stale now: a second refresh is due
    get_card()
    assert refreshes_queued == [author.pk, author.pk], f"refreshes queued: {refreshes_queued}"


@pytest.mark.points(
    1,
    hint="A new comment queues forum.tasks.refresh_author_stats, whose body is your "
    "refresh_author_stats(): it must store the new statistics.",
    title="a new comment refreshes its author's card",
)
def test_a_new_comment_refreshes_its_authors_card(
    get_card, author, refreshes_queued, django_capture_on_commit_callbacks
):
    cache_entry(author, age=0)
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.create(
            post=author.comments.first().post, author=author, body="Me again.", created=now()
        )
    assert refreshes_queued == [author.pk], "the new comment queued no refresh"
    run_refresh(author)
    shown = get_card().context("entry")
    assert shown.stats.comments == author.comments.count(), "the card shows the old count"


@pytest.mark.points(
    1,
    hint="With the in-process worker running, the refresh queued by a cold miss must end up in "
    "the cache: does refresh_author_stats() store what get_author_stats() reads?",
)
def test_the_in_process_worker_fills_the_card(get_card, worker_tasks):
    assert PLACEHOLDER in get_card().text
    start_worker()
    try:
        deadline = time.monotonic() + WORKER_SECONDS
        while time.monotonic() < deadline:
            settled = worker_tasks.settled()  # what the card shows next is all the worker did
            if PLACEHOLDER not in (card := get_card()).text or settled:
                break
            time.sleep(0.05)
    finally:
        stop_worker()
    assert PLACEHOLDER not in card.text, "still a placeholder once the worker ran the refresh"
