"""An author's statistics: the slow per-user function of chapter 2."""

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count

from forum.models import Comment


@dataclass(frozen=True)
class AuthorStats:
    comments: int
    words: int
    posts_commented: int
    replies_received: int
    last_active: datetime | None


def author_stats(author_id):
    """Read every comment the author wrote, and every reply to their posts: slow for busy authors.

    The workshop dataset is small, so each comment read also waits
    settings.AUTHOR_STATS_MS_PER_COMMENT milliseconds: the per-row work (scoring, spam checks,
    calls to other services) a big site's version of this function would do.
    """
    comments = Comment.objects.filter(author_id=author_id).values_list("body", "post_id", "created")
    words, posts, last_active, count = 0, set(), None, 0
    for body, post_id, created in comments.order_by().iterator():
        count += 1
        words += len(body.split())
        posts.add(post_id)
        last_active = max(last_active or created, created)
    replies = Comment.objects.filter(post__author_id=author_id).exclude(author_id=author_id)
    time.sleep(count * settings.AUTHOR_STATS_MS_PER_COMMENT / 1000)
    return AuthorStats(count, words, len(posts), replies.count(), last_active)


def most_active_authors(top):
    """The ids of the `top` authors with the most comments, the busiest first."""
    ranked = get_user_model().objects.annotate(written=Count("comments")).order_by("-written", "pk")
    return list(ranked.values_list("pk", flat=True)[:top])
