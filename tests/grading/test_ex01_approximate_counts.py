"""Autograder for exercise 01: approximate counts for the whole project, written once."""

import pytest
from django.db import connection

from core.estimates import ApproximateCount, analyze
from forum.models import Category, Comment
from workbench.answers import load_answer
from workbench.measure import measure

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/forum/comment/"


@pytest.fixture
def ex01():
    return load_answer("ex01")


@pytest.fixture
def big_comments(settings):
    """Count the tiny dataset's 300 comments as a big table, with fresh statistics."""
    settings.APPROX_COUNT_THRESHOLD = 100
    analyze()


def counts_comments(sql):
    return "COUNT(" in sql.upper() and "forum_comment" in sql


@pytest.mark.points(
    3,
    hint="The admin's paginator calls queryset.approx_count(), which calls your approx_count(): "
    "for an unfiltered queryset over a big table, where does the number of rows come from?",
)
def test_changelist_runs_no_count_over_the_big_table(ex01, big_comments, admin_client):
    with measure(show=False) as measured:
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert not [query.sql for query in measured.queries if counts_comments(query.sql)]


@pytest.mark.points(2, hint="After ANALYZE, the table's statistics know its rows.")
def test_estimate_is_close_after_analyze(ex01, big_comments):
    estimate = ex01.approx_count(Comment.objects.order_by("-created"))
    assert isinstance(estimate, ApproximateCount)
    assert abs(estimate - Comment.objects.count()) <= 0.1 * Comment.objects.count()


@pytest.mark.points(1, hint="Below settings.APPROX_COUNT_THRESHOLD rows, count exactly.")
def test_small_tables_are_counted_exactly(ex01, big_comments):
    count = ex01.approx_count(Category.objects.all())
    assert type(count) is int
    assert count == Category.objects.count()


@pytest.mark.points(
    2, hint="DISTINCT, sliced and grouped rows are not what any statistic estimates: count them."
)
@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Comment.objects.values("author").distinct(),
        lambda: Comment.objects.all()[:150],
    ],
    ids=["distinct", "sliced"],
)
def test_querysets_without_an_estimate_are_counted_exactly(ex01, big_comments, queryset):
    count = ex01.approx_count(queryset())
    assert type(count) is int
    assert count == queryset().count()


@pytest.mark.points(
    1,
    hint="A filtered queryset is not the whole table: only PostgreSQL's planner (query_estimate) "
    "estimates it; elsewhere, count.",
)
def test_filtered_querysets_are_estimated_only_by_the_planner(ex01, big_comments):
    filtered = Comment.objects.filter(post_id__lte=20)
    count = ex01.approx_count(filtered)
    if connection.vendor == "postgresql":
        assert isinstance(count, ApproximateCount)
        assert abs(count - filtered.count()) <= 0.5 * filtered.count()
    else:
        assert type(count) is int
        assert count == filtered.count()


@pytest.mark.points(1, hint="The changelist must still render and paginate: return an int.")
def test_changelist_still_paginates_and_says_about(ex01, big_comments, admin_client):
    response = admin_client.get(CHANGELIST, {"p": 2})
    assert (response.context["cl"].page_num, response.context["cl"].multi_page) == (2, True)
    assert "about 300 comments" in response.content.decode()
