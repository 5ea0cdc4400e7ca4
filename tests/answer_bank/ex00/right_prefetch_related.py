"""Right: prefetch_related also fetches a ForeignKey, in a second query."""

from forum.models import Post


def latest_posts():
    return Post.objects.prefetch_related("author")[:20]
