"""Wrong: the ForeignKeys joined, but each post's tags still fetched on their own.

Fails: test_the_feed_runs_as_many_queries_for_25_posts_as_for_5,
test_the_feeds_posts_arrive_with_their_related_rows,
test_the_author_page_runs_as_many_queries_for_a_busy_author_as_for_a_quiet_one
"""

from forum.models import Post


def feed_posts():
    return Post.objects.with_comment_count().select_related("author", "category")


def author_posts(author):
    return author.posts.select_related("category")


def author_comments(author):
    return author.comments.select_related("post").order_by("-created")[:10]
