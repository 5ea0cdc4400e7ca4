"""Wrong: the author's 10 oldest comments, not the latest.

Fails: test_the_author_page_is_unchanged
"""

from forum.models import Post


def feed_posts():
    return (
        Post.objects.with_comment_count()
        .select_related("author", "category")
        .prefetch_related("tags")
    )


def author_posts(author):
    return author.posts.select_related("category").prefetch_related("tags")


def author_comments(author):
    return author.comments.select_related("post")[:10]
