"""Right: the talk's advice, prefetch_related for every relation (one query each)."""

from forum.models import Post


def feed_posts():
    return Post.objects.with_comment_count().prefetch_related("author", "category", "tags")


def author_posts(author):
    return author.posts.prefetch_related("category", "tags")


def author_comments(author):
    return author.comments.prefetch_related("post").order_by("-created")[:10]
