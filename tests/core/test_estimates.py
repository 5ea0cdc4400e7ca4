import pytest
from django.db import connection

from core.estimates import ApproximateCount, analyze, query_estimate, table_estimate
from forum.models import Comment

pytestmark = pytest.mark.django_db


def test_approximate_counts_say_so():
    assert str(ApproximateCount(1234567)) == "about 1,234,567"
    assert ApproximateCount(10) + 5 == 15


def test_table_estimate_matches_the_rows_after_analyze():
    analyze()
    assert table_estimate(Comment) == Comment.objects.count()


def test_table_estimate_follows_inserts_only_where_the_database_does():
    analyze()
    before = table_estimate(Comment)
    template = Comment.objects.first()
    Comment.objects.bulk_create(
        Comment(
            post_id=template.post_id,
            author_id=template.author_id,
            body="x" * 200,
            created=template.created,
        )
        for _ in range(3000)
    )
    after = table_estimate(Comment)
    if connection.vendor == "postgresql":
        assert after > before  # the rows per page at the last ANALYZE, times today's pages
    else:
        assert after == before  # sqlite_stat1 changes only with ANALYZE
    analyze()
    assert table_estimate(Comment) == Comment.objects.count()


def test_query_estimate_comes_from_postgresqls_planner():
    analyze()
    filtered = Comment.objects.filter(post_id__lte=10)
    estimate = query_estimate(filtered)
    if connection.vendor == "postgresql":
        assert estimate == pytest.approx(filtered.count(), rel=0.5)
    else:
        assert estimate is None
