"""Wrong: select_related() of the tags, a many-to-many relation a JOIN cannot fetch.

Fails: test_the_feed_runs_as_many_queries_for_25_posts_as_for_5, test_the_feed_is_unchanged,
test_the_feeds_posts_arrive_with_their_related_rows
"""

from forum.models import Post


def feed_posts():
    return Post.objects.with_comment_count().select_related("author", "category", "tags")


def author_posts(author):
    return author.posts.select_related("category").prefetch_related("tags")


def author_comments(author):
    return author.comments.select_related("post").order_by("-created")[:10]
