"""Exercise 03: the feed and the author page in a constant number of queries.

The feed (/, template forum/feed.html) shows each post's author, category, tags and comment
count. The author page (/authors/<username>/, forum/author.html) shows an author's posts, each
with its category and tags, and the author's 10 latest comments, each with its post's title.
`forum.selectors` gives both pages their querysets, written the obvious way: the more posts a
page shows, the more queries it runs (N+1).

Task: write the three functions below so that
1. the feed renders in the same few queries (at most 5), however many posts it shows:
   `feed_posts()`, built on `Post.objects.with_comment_count()` (which counts the comments) as
   the selector is;
2. the author page renders in the same few queries (at most 6), however busy the author:
   `author_posts(author)` and `author_comments(author)`, for `author.posts.all()` and the
   10 latest of `author.comments`, newest first.

The pages must stay exactly as they were: same posts, same order, same text. Calling the
selector you replace, e.g. `selectors.feed_posts()`, from your answer gives you the queryset
as written, to build on.

Check: `check("ex03")` in notebook 03, or `make check EX=ex03` in a terminal.
"""

from forum import selectors
from forum.models import Post


def feed_posts():
    """Return the feed's posts, newest first, with everything the feed template shows."""
    # BEGIN SOLUTION
    # ForeignKeys join into the posts' query; the many-to-many tags come in one more query.
    return (
        Post.objects.with_comment_count()
        .select_related("author", "category")
        .prefetch_related("tags")
    )
    # END SOLUTION


def author_posts(author):
    """Return the author's posts with everything the author page shows of each."""
    # BEGIN SOLUTION
    return author.posts.select_related("category").prefetch_related("tags")
    # END SOLUTION


def author_comments(author):
    """Return the author's 10 latest comments with everything the author page shows of each."""
    # BEGIN SOLUTION
    latest = selectors.author_comments(author)  # as written: the 10 latest, newest first
    return latest.select_related("post")
    # END SOLUTION
