"""Wrong: the comments counted with annotate(Count(...)): Django leaves out the model's default
ordering in a GROUP BY query, and the feed comes out in another order.

Fails: test_the_feed_is_unchanged
"""

from django.db.models import Count

from forum.models import Post


def feed_posts():
    return (
        Post.objects.annotate(comment_count=Count("comments"))
        .select_related("author", "category")
        .prefetch_related("tags")
    )


def author_posts(author):
    return Post.objects.filter(author=author).select_related("category").prefetch_related("tags")


def author_comments(author):
    return author.comments.select_related("post").order_by("-created")[:10]
