"""Right: the order spelled out, and a list returned instead of a queryset."""

from forum.models import Post


def latest_posts():
    return list(Post.objects.order_by("-created", "-id").select_related("author")[:20])
