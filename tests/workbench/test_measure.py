import threading

import pytest
from django.db import connection

from forum.models import Post
from workbench.measure import measure

pytestmark = pytest.mark.django_db


def test_counts_exactly_the_queries_run():
    with measure(show=False) as measured:
        list(Post.objects.all()[:3])
        Post.objects.count()
    assert measured.count == 2
    assert "COUNT(*)" in measured.queries[1].sql


def test_duplicates_are_repeats_of_the_same_sql():
    posts = list(Post.objects.all()[:3])
    with measure(show=False) as measured:
        for post in posts:
            post.author.username  # noqa: B018 (the lazy load is the point)
    assert (measured.count, measured.duplicates) == (3, 2)
    [(sql, times)] = measured.most_repeated()
    assert times == 3
    assert "auth_user" in sql


def test_times_are_sub_millisecond_floats_within_the_wall_time():
    with measure(show=False) as measured:
        Post.objects.first()
    assert isinstance(measured.db_ms, float)
    assert 0 < measured.db_ms <= measured.wall_ms


def test_ignores_other_threads():
    def query_and_disconnect():
        Post.objects.exists()
        connection.close()

    thread = threading.Thread(target=query_and_disconnect)
    with measure(show=False) as measured:
        thread.start()
        thread.join()
    assert measured.count == 0


def test_stops_recording_when_the_block_ends():
    with measure(show=False) as measured:
        Post.objects.exists()
    Post.objects.exists()
    assert measured.count == 1


def test_shows_a_summary_with_the_sql_folded(capsys):
    with measure("one post"):
        Post.objects.first()
    assert capsys.readouterr().out.startswith("one post: 1 queries (0 duplicates), ")
    assert "<details><summary>SQL (1 queries)</summary>" in measured_html()


def measured_html():
    with measure(show=False) as measured:
        Post.objects.first()
    return measured._repr_html_()


def test_counts_the_rows_and_bytes_fetched():
    with measure(show=False) as measured:
        titles = list(Post.objects.values_list("title", flat=True)[:5])
    assert measured.fetched() == (5, sum(len(title) for title in titles))
