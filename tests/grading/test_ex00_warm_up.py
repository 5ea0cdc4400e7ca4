"""Autograder for exercise 00: the latest posts page (/latest/) in at most two queries."""

import pytest

from forum.models import Post
from forum.selectors import LATEST_COUNT

pytestmark = pytest.mark.django_db
LATEST = "/latest/"


@pytest.mark.points(
    1, hint="Return the 20 newest posts (the model's default order is newest first)."
)
def test_the_page_lists_the_20_newest_posts(get_page):
    shown = [post.pk for post in get_page(LATEST).context("posts")]
    newest = [post.pk for post in Post.objects.all()[:LATEST_COUNT]]
    assert shown == newest, f"the page lists {len(shown)} posts, {what_differs(shown, newest)}"


def what_differs(shown, newest):
    if len(shown) == len(newest) and set(shown) == set(newest):
        return "the 20 newest in another order"
    return f"{len(set(shown) & set(newest))} of them among the 20 newest"


@pytest.mark.points(
    2,
    hint="The template asks every post for its author: fetch the authors in the same query "
    "as the posts (the queryset method for a ForeignKey).",
)
def test_the_page_renders_in_at_most_two_queries(get_page):
    queries = len(get_page(LATEST).queries)
    assert queries <= 2, f"the page ran {queries} queries"


@pytest.mark.points(1, hint="The page must show the same posts and authors as before.")
def test_the_page_is_unchanged(get_page, get_naive_page):
    assert get_page(LATEST).text == get_naive_page(LATEST).text, "the page differs"
