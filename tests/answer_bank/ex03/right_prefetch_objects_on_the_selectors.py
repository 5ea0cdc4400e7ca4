"""Right: the selectors as written, shaped with Prefetch objects."""

from django.db.models import Prefetch

from forum import selectors
from forum.models import Tag

TAGS = Prefetch("tags", queryset=Tag.objects.order_by("name"))


def feed_posts():
    return selectors.feed_posts().select_related("author", "category").prefetch_related(TAGS)


def author_posts(author):
    return selectors.author_posts(author).select_related("category").prefetch_related(TAGS)


def author_comments(author):
    return selectors.author_comments(author).select_related("post")
