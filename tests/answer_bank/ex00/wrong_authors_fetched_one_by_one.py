"""Wrong: reads each post's author in the function: the N+1 moved, not removed.

Fails: test_the_page_renders_in_at_most_two_queries
"""

from forum.models import Post


def latest_posts():
    posts = list(Post.objects.all()[:20])
    for post in posts:
        post.author  # noqa: B018 (loads the author, one query each)
    return posts
