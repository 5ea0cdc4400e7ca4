"""Exercise 03: the feed and the author page in a constant number of queries (reference)."""

from forum.views import FeedView


def feed_posts():
    """Return the feed's posts, newest first, with everything the feed template shows."""
    # ForeignKeys join into the posts' query; the many-to-many tags come in one more query.
    return FeedView.queryset.select_related("author", "category").prefetch_related("tags")


def author_posts(author):
    """Return the author's posts with everything the author page shows of each."""
    return author.posts.select_related("category").prefetch_related("tags")


def author_comments(author):
    """Return the author's 10 latest comments with everything the author page shows of each."""
    return author.comments.select_related("post").order_by("-created")[:10]
