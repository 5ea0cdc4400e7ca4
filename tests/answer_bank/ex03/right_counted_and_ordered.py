"""Right: the comments counted with annotate(Count(...)), and the feed's order said again
(Django leaves the model's default ordering out of a GROUP BY query)."""

from django.db.models import Count

from forum.models import Post


def feed_posts():
    counted = Post.objects.annotate(comment_count=Count("comments")).order_by("-created", "-id")
    return counted.select_related("author", "category").prefetch_related("tags")


def author_posts(author):
    return Post.objects.filter(author=author).select_related("category").prefetch_related("tags")


def author_comments(author):
    return author.comments.select_related("post").order_by("-created")[:10]
