import pytest

from forum.models import Post
from workbench.compare import compare

pytestmark = pytest.mark.django_db


def authors_lazily():
    return [post.author.username for post in Post.objects.all()[:5]]


def authors_joined():
    return [post.author.username for post in Post.objects.select_related("author")[:5]]


def test_measures_each_approach():
    results = compare({"lazy": authors_lazily, "joined": authors_joined}, repeat=3)
    assert [result.label for result in results] == ["lazy", "joined"]
    assert (results["lazy"].queries, results["joined"].queries) == (6, 1)
    assert all(result.wall_ms >= result.db_ms > 0 for result in results)


def test_shows_a_table_and_draws_both_measures():
    results = compare({"lazy": authors_lazily}, repeat=1)
    assert str(results).splitlines()[1].split()[:2] == ["lazy", "6"]
    queries_axes, time_axes = results.chart().axes
    assert (queries_axes.get_xlabel(), time_axes.get_xlabel()) == (
        "queries",
        "wall time, ms (median)",
    )


def test_needs_an_approach():
    with pytest.raises(ValueError, match="at least one approach"):
        compare({})
