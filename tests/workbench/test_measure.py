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
    [repeat] = measured.most_repeated()
    assert repeat.times == 3
    assert "auth_user" in repeat.sql


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
    assert capsys.readouterr().out.startswith("one post: 1 query (0 duplicates), ")
    assert "<details><summary>SQL (1 queries)</summary>" in measured_html()


def measured_html():
    with measure(show=False) as measured:
        Post.objects.first()
    return measured._repr_html_()


def test_counts_the_rows_and_bytes_fetched():
    with measure(show=False) as measured:
        titles = list(Post.objects.values_list("title", flat=True)[:5])
    assert measured.fetched() == (5, sum(len(title) for title in titles))


def test_each_query_shows_its_parameters_and_the_template_line_that_ran_it(client, settings):
    settings.WORKBOOK_ANSWERS = None  # the page as written
    with measure(show=False) as measured:
        client.get("/latest/")
    author_query = measured.queries[1]
    assert author_query.source == "forum/templates/forum/latest.html:7 (post.author)"
    assert author_query.shown().endswith(
        f'WHERE "auth_user"."id" = {author_query.params[0]} LIMIT 21'
    )


def test_repeats_are_grouped_as_n_plus_1_with_where_they_came_from(client, settings):
    settings.WORKBOOK_ANSWERS = None
    with measure(show=False) as measured:
        client.get("/latest/")
    [repeat] = measured.most_repeated()
    assert str(repeat).startswith('N+1: 20x SELECT ... FROM "auth_user" WHERE')
    assert str(repeat).endswith("at forum/templates/forum/latest.html:7 (post.author)")
    assert "latest.html:7 (post.author)</td>" in measured._repr_html_()


def test_a_query_from_python_names_its_line_of_project_code():
    from forum.stats import most_active_authors

    with measure(show=False) as measured:
        most_active_authors(3)
    assert measured.queries[0].source.startswith("forum/stats.py:")
