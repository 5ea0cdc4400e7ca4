"""Autograder for exercise 03: the feed (/) and the author page in a constant number of queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from forum import selectors

pytestmark = pytest.mark.django_db
FEED = "/"
FEED_MOST_QUERIES = 5  # a count for the pagination, the posts, and at most one per relation
AUTHOR_PAGE_MOST_QUERIES = 6  # the author, and at most one per list and relation
FOREIGN_KEYS_HINT = (
    "Every post asks for its author and category (ForeignKeys: join them into the posts' query, "
    "or prefetch them) and its tags (many-to-many: a JOIN cannot fetch them, a second query can)."
)


def author_page(username):
    return f"/authors/{username}/"


@pytest.fixture
def busy_and_quiet_authors():
    """The author with the most posts and one with fewer, but at least two."""
    authors = get_user_model().objects.annotate(n=Count("posts")).filter(n__gte=2).order_by("-n")
    return authors.first(), authors.last()


@pytest.mark.points(3, hint=FOREIGN_KEYS_HINT)
def test_the_feed_runs_as_many_queries_for_25_posts_as_for_5(get_page):
    full, short = (len(get_page(FEED, page=page).queries) for page in (1, 2))  # 25 and 5 posts
    assert full == short <= FEED_MOST_QUERIES, (
        f"{full} queries for 25 posts, {short} for 5 (at most {FEED_MOST_QUERIES} for either)"
    )


@pytest.mark.points(
    2, hint="Build on Post.objects.with_comment_count(), so the comment counts and order stay."
)
def test_the_feed_is_unchanged(get_page, get_naive_page):
    for page in (1, 2):
        assert get_page(FEED, page=page).text == get_naive_page(FEED, page=page).text, (
            f"page {page} of the feed differs"
        )


@pytest.mark.points(
    1, hint=FOREIGN_KEYS_HINT, title="the feed's posts arrive with their related rows"
)
def test_the_feeds_posts_arrive_with_their_related_rows():
    posts = list(selectors.feed_posts()[:25])
    with CaptureQueriesContext(connection) as ran:
        [(post.author.username, post.category.name, list(post.tags.all())) for post in posts]
    assert not ran.captured_queries, f"{len(ran.captured_queries)} more queries for 25 posts"


@pytest.mark.points(
    3,
    hint="The page shows each post's category and tags, and each comment's post: which of "
    "these are ForeignKeys, and which are many-valued?",
)
def test_the_author_page_runs_as_many_queries_for_a_busy_author_as_for_a_quiet_one(
    get_page, busy_and_quiet_authors
):
    busy, quiet = (len(get_page(author_page(a.username)).queries) for a in busy_and_quiet_authors)
    assert busy == quiet <= AUTHOR_PAGE_MOST_QUERIES, (
        f"{busy} queries for a busy author, {quiet} for a quiet one "
        f"(at most {AUTHOR_PAGE_MOST_QUERIES} for either)"
    )


@pytest.mark.points(1, hint="Keep the same posts, and the same 10 latest comments, newest first.")
def test_the_author_page_is_unchanged(get_page, get_naive_page, busy_and_quiet_authors):
    for author in busy_and_quiet_authors:
        path = author_page(author.username)
        assert get_page(path).text == get_naive_page(path).text, f"{path} differs"
