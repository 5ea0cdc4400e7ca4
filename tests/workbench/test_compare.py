import re

import pytest

from forum import selectors
from forum.models import Post
from workbench.compare import Result, compare

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


def test_shows_a_table_with_the_spread_of_times_and_draws_both_measures():
    results = compare({"lazy": authors_lazily, "joined": authors_joined}, repeat=3)
    row = str(results).splitlines()[1].split()
    assert row[:2] == ["lazy", "6"]
    assert re.fullmatch(r"\(\d+\.\d-\d+\.\d\)", row[-1])  # (fastest-slowest)
    queries_axes, time_axes = results.chart().axes
    assert queries_axes.get_xlabel() == "queries"
    assert time_axes.get_xlabel().startswith("wall time, ms (median; line: fastest to slowest")


def test_says_when_an_unwritten_exercise_ran_the_page_as_written(settings):
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["exercises"]  # the stubs
    results = compare({"as written": authors_lazily, "your answer": selectors.latest_posts})
    assert (
        results["your answer"].shown_label == "your answer (ex00 not written yet: ran as written)"
    )
    assert results["as written"].shown_label == "as written"
    assert "ex00 not written yet" in str(results)


def test_spends_no_chart_on_a_query_count_all_approaches_share():
    results = compare({"lazy": authors_lazily, "lazy again": authors_lazily}, repeat=2)
    assert [axes.get_xlabel()[:9] for axes in results.chart().axes] == ["wall time"]


def test_says_whether_a_difference_is_beyond_the_noise():
    fast, slow, overlapping = (
        Result("a", 1, 1, 2, 1, 3),
        Result("b", 1, 1, 20, 10, 30),
        Result("c", 1, 1, 2.5, 2, 12),
    )
    assert fast.compared_with(slow) == "faster than"
    assert slow.compared_with(fast) == "slower than"
    assert fast.compared_with(overlapping) == "within the noise of"


def test_needs_an_approach():
    with pytest.raises(ValueError, match="at least one approach"):
        compare({})
