from time import perf_counter

import pytest
from django.contrib.auth import get_user_model

from forum.models import Comment
from forum.stats import author_stats

pytestmark = pytest.mark.django_db


def test_counts_what_the_author_wrote_and_received():
    author = get_user_model().objects.filter(comments__isnull=False).first()
    written = Comment.objects.filter(author=author)
    stats = author_stats(author.pk)
    assert stats.comments == written.count()
    assert stats.words == sum(len(c.body.split()) for c in written)
    assert stats.posts_commented == written.values("post").distinct().count()
    assert stats.last_active == written.latest("created").created
    replies = Comment.objects.filter(post__author=author).exclude(author=author)
    assert stats.replies_received == replies.count()


def test_an_author_without_comments_has_empty_statistics():
    author = get_user_model().objects.filter(comments__isnull=True).first()
    stats = author_stats(author.pk)
    assert (stats.comments, stats.words, stats.last_active) == (0, 0, None)


def test_costs_time_per_comment_read(settings):
    busiest = get_user_model().objects.filter(comments__isnull=False).first()
    settings.AUTHOR_STATS_MS_PER_COMMENT = 1
    started = perf_counter()
    comments = author_stats(busiest.pk).comments
    assert perf_counter() - started >= comments / 1000
