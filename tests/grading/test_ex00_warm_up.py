"""Autograder for exercise 00: the latest posts page in at most two queries."""

import pytest
from django.template.loader import render_to_string

from forum.models import Post
from forum.views import LATEST_COUNT
from workbench.answers import load_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ex00():
    return load_answer("ex00")


def render_latest(posts):
    return render_to_string("forum/latest.html", {"posts": posts})


@pytest.mark.points(1, hint="Return Post objects, newest first (the model's default order), 20.")
def test_returns_the_newest_posts(ex00):
    assert list(ex00.latest_posts()) == list(Post.objects.all()[:LATEST_COUNT])


@pytest.mark.points(
    2,
    hint="The template asks every post for its author: fetch the authors in the same query "
    "as the posts (the queryset method for a ForeignKey).",
)
def test_page_renders_in_at_most_two_queries(ex00, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        render_latest(ex00.latest_posts())


@pytest.mark.points(1, hint="The page must show the same posts and authors as before.")
def test_page_is_unchanged(ex00):
    assert render_latest(ex00.latest_posts()) == render_latest(Post.objects.all()[:LATEST_COUNT])
