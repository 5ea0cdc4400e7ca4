"""Autograder for exercise 01: approximate counts for the whole project, written once.

The database's estimates are real (statistics after ANALYZE) except the query planner's, which
a fake stands in for: the same checks then grade the same on SQLite and on PostgreSQL.
"""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from core import estimates
from core.counting import approx_count
from core.estimates import ApproximateCount, analyze
from forum.models import Category, Comment

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/forum/comment/"
PLANNED_ROWS = 4321  # what the fake query planner estimates, for any statement


@pytest.fixture
def big_comments(settings, monkeypatch):
    """The tiny dataset's 300 comments count as a big table, with fresh statistics, and every
    database gets a query planner that estimates PLANNED_ROWS."""
    settings.APPROX_COUNT_THRESHOLD = 100
    analyze()
    monkeypatch.setitem(estimates.PLANNERS, connection.vendor, lambda *statement: PLANNED_ROWS)


def counts_comments(sql):
    return "COUNT(" in sql.upper() and "forum_comment" in sql


def is_about(count, rows):
    return isinstance(count, ApproximateCount) and abs(count - rows) <= 0.1 * rows


@pytest.mark.points(
    3,
    hint="The admin's paginator calls queryset.approx_count(), which calls your approx_count(): "
    "for an unfiltered queryset over a big table, where does the number of rows come from?",
)
def test_the_comment_changelist_runs_no_count_over_the_big_table(big_comments, admin_client):
    with CaptureQueriesContext(connection) as ran:
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    counted = [query["sql"] for query in ran.captured_queries if counts_comments(query["sql"])]
    assert not counted, f"the page counted the comments: {counted[0][:120]}"


@pytest.mark.points(
    1, hint="The page must still paginate, and say about how many comments there are."
)
def test_the_changelist_shows_about_as_many_comments_as_there_are(big_comments, admin_client):
    response = admin_client.get(CHANGELIST, {"p": 2})
    changelist = response.context["cl"]
    assert (changelist.page_num, changelist.multi_page) == (2, True), "page 2 does not show"
    shown = changelist.paginator.count
    assert is_about(shown, Comment.objects.count()), f"the page counts {shown!s}"
    assert f"{shown} comments" in response.content.decode()


@pytest.mark.points(
    2,
    hint="An unfiltered queryset counts the whole table: its statistics know its rows.",
    title="an unfiltered count is estimated from the table's statistics",
)
def test_an_unfiltered_count_is_estimated_from_the_tables_statistics(big_comments):
    count = approx_count(Comment.objects.select_related("post").order_by("-created"))
    assert is_about(count, Comment.objects.count()), f"counted {count!r}"


@pytest.mark.points(
    1,
    hint="A filtered queryset is not the whole table: only the query planner (query_estimate) "
    "estimates it; where there is none, count.",
)
def test_a_filtered_count_is_estimated_by_the_query_planner(big_comments):
    count = approx_count(Comment.objects.filter(post_id__lte=20))
    assert isinstance(count, ApproximateCount), f"counted {count!r}, not an estimate"
    assert count == PLANNED_ROWS, f"counted {count!r}, not the planner's {PLANNED_ROWS}"


@pytest.mark.points(1, hint="Where the database has no estimate, count exactly.")
def test_a_filtered_count_is_exact_without_a_query_planner(big_comments, monkeypatch):
    monkeypatch.delitem(estimates.PLANNERS, connection.vendor)
    assert_exact(Comment.objects.filter(post_id__lte=20))


@pytest.mark.points(1, hint="Below settings.APPROX_COUNT_THRESHOLD rows, count exactly.")
def test_a_small_table_is_counted_exactly(big_comments):
    assert_exact(Category.objects.all())


NO_ESTIMATE_HINT = (
    "DISTINCT, sliced and grouped rows are not what any statistic estimates: count them."
)


def assert_exact(queryset):
    count = approx_count(queryset)
    assert type(count) is int, f"counted {count!r}, not exactly"
    assert count == queryset.count(), f"counted {count!r}, not {queryset.count()}"


@pytest.mark.points(1, hint=NO_ESTIMATE_HINT)
def test_distinct_rows_are_counted_exactly(big_comments):
    assert_exact(Comment.objects.values("author").distinct())


@pytest.mark.points(1, hint=NO_ESTIMATE_HINT)
def test_a_slice_is_counted_exactly(big_comments):
    assert_exact(Comment.objects.all()[:150])


@pytest.mark.points(1, hint=NO_ESTIMATE_HINT)
def test_grouped_rows_are_counted_exactly(big_comments):
    assert_exact(Comment.objects.values("author").annotate(comments=Count("pk")))
