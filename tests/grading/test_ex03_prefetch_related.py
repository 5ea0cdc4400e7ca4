"""Autograder for exercise 03: the feed and the author page in a constant number of queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.template.loader import render_to_string

from forum.views import FeedView
from workbench.answers import load_answer
from workbench.measure import measure

pytestmark = pytest.mark.django_db

FOREIGN_KEYS_HINT = (
    "Every post asks for its author and category (ForeignKeys: join them into the posts' query) "
    "and its tags (many-to-many: a JOIN cannot fetch them, a second query can)."
)


@pytest.fixture
def ex03():
    return load_answer("ex03")


@pytest.fixture
def busy_and_quiet_authors():
    """The author with the most posts and one with fewer, but at least two."""
    authors = get_user_model().objects.annotate(n=Count("posts")).filter(n__gte=2).order_by("-n")
    return authors.first(), authors.last()


def queries(render):
    with measure(show=False) as measured:
        render()
    return measured.count


def render_feed(posts):
    return render_to_string("forum/feed.html", {"posts": posts})


def render_author(author, posts, comments):
    context = {"author": author, "posts": posts, "comments": comments}
    return render_to_string("forum/author.html", context)


@pytest.mark.points(3, hint=FOREIGN_KEYS_HINT)
def test_feed_queries_stay_flat_as_posts_grow(ex03):
    few, many = (queries(lambda n=n: render_feed(ex03.feed_posts()[:n])) for n in (5, 25))
    assert few == many <= 4


@pytest.mark.points(2, hint="Start from FeedView.queryset, so the comment counts and order stay.")
def test_feed_is_unchanged(ex03):
    assert render_feed(ex03.feed_posts()[:25]) == render_feed(FeedView.queryset.all()[:25])


@pytest.mark.points(1, hint=FOREIGN_KEYS_HINT)
def test_feed_posts_arrive_with_their_related_rows(ex03):
    posts = list(ex03.feed_posts()[:25])

    def read_related():
        return [(post.author.username, post.category.name, list(post.tags.all())) for post in posts]

    assert queries(read_related) == 0


@pytest.mark.points(
    3,
    hint="The page shows each post's category and tags, and each comment's post: which of "
    "these are ForeignKeys, and which are many-valued?",
)
def test_author_page_queries_do_not_depend_on_the_author(ex03, busy_and_quiet_authors):
    counts = {
        queries(lambda a=a: render_author(a, ex03.author_posts(a), ex03.author_comments(a)))
        for a in busy_and_quiet_authors
    }
    assert len(counts) == 1
    assert counts.pop() <= 3


@pytest.mark.points(1, hint="Keep the same posts and the same 10 latest comments, newest first.")
def test_author_page_is_unchanged(ex03, busy_and_quiet_authors):
    for author in busy_and_quiet_authors:
        naive = render_author(author, author.posts.all(), author.comments.order_by("-created")[:10])
        assert (
            render_author(author, ex03.author_posts(author), ex03.author_comments(author)) == naive
        )
