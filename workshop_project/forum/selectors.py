"""What the forum's pages show, as querysets: the views ask here, never the models directly.

Each function is written the obvious way, and is an extension point (core.extension_points):
exercise 00 rewrites `latest_posts()`, exercise 03 the feed's and the author page's.
"""

from core.extension_points import extension_point
from forum.models import Post

LATEST_COUNT = 20
AUTHOR_COMMENTS_COUNT = 10


@extension_point("ex00")
def latest_posts():
    """The 20 newest posts, for a page that shows each post's author."""
    return Post.objects.all()[:LATEST_COUNT]


@extension_point("ex03")
def feed_posts():
    """The feed's posts, newest first, each with its comment count."""
    return Post.objects.with_comment_count()


@extension_point("ex03")
def author_posts(author):
    """The author's posts, for a page that shows each one's category and tags."""
    return author.posts.all()


@extension_point("ex03")
def author_comments(author):
    """The author's 10 latest comments, for a page that shows each one's post."""
    return author.comments.order_by("-created")[:AUTHOR_COMMENTS_COUNT]
