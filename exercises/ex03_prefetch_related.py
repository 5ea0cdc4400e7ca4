"""Exercise 03: the feed and the author page in a constant number of queries.

The feed (forum/feed.html, `FeedView`) shows each post's author, category, tags and comment
count. The author page (forum/author.html) shows an author's posts, each with its category and
tags, and the author's 10 latest comments, each with its post's title. Written the obvious
way, both pages run more queries the more posts they show (N+1).

Task:
1. `feed_posts()`: return the feed's posts (start from `FeedView.queryset`) so that rendering
   the feed takes at most 4 queries, however many posts it shows.
2. `author_posts(author)` and `author_comments(author)`: return what the author page shows
   (`author.posts.all()` and `author.comments.order_by("-created")[:10]` as written) so that
   rendering the page takes the same few queries (at most 3), however busy the author.

The pages must stay exactly as they were: same posts, same order, same text.

Check: `check("ex03")` in notebook 03, or `make check EX=ex03` in a terminal.
"""

from workbench.answers import NotWrittenYet


def feed_posts():
    """Return the feed's posts, newest first, with everything the feed template shows."""
    raise NotWrittenYet("ex03")


def author_posts(author):
    """Return the author's posts with everything the author page shows of each."""
    raise NotWrittenYet("ex03")


def author_comments(author):
    """Return the author's 10 latest comments with everything the author page shows of each."""
    raise NotWrittenYet("ex03")
