"""Chapter 3: the feed as written (naive) against select_related, prefetch_related and both."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from bench.report import Row
from forum.models import Comment, Post
from forum.selectors import feed_posts
from workbench.compare import run
from workbench.measure import measure

CHAPTER = "03 prefetch_related"
SIZES = (100, 500)
FEEDS = {  # the feed's queryset as written, and three ways to fetch what the page shows
    "naive": lambda: feed_posts.naive(),
    "select_related": lambda: feed_posts.naive().select_related("author", "category"),
    "prefetch_related": lambda: feed_posts.naive().prefetch_related("author", "category", "tags"),
    "combined": lambda: (
        feed_posts.naive().select_related("author", "category").prefetch_related("tags")
    ),
}
WIDE_ROW_COMMENTS = 5000


def render_feed(posts):
    return render_to_string("forum/feed.html", {"posts": posts})


def list_comments(comments):
    return [(c.author.username, c.post.title, c.post.category.name) for c in comments]


def wide_rows():
    """5,000 comments with their posts: JOINed across 4 tables, or each post prefetched once."""
    joined = Comment.objects.select_related("author", "post__author", "post__category")
    posts = Prefetch("post", queryset=Post.objects.select_related("author", "category"))
    prefetched = Comment.objects.select_related("author").prefetch_related(posts)
    for comments in (joined, prefetched):
        with measure(show=False) as measured:
            list_comments(comments[:WIDE_ROW_COMMENTS])
        yield measured.fetched().bytes / 1e6, measured.wall_ms


def rows(repeat):
    feed = {
        (label, n): run(label, lambda posts=posts, n=n: render_feed(posts()[:n]), repeat)
        for n in SIZES
        for label, posts in FEEDS.items()
    }
    result = []
    for n in SIZES:
        naive = feed["naive", n]
        for label in ("select_related", "prefetch_related", "combined"):
            other = feed[label, n]
            result.append(
                Row(
                    CHAPTER,
                    f"feed N={n}, naive vs {label}",
                    "queries",
                    naive.queries,
                    other.queries,
                )
            )
        combined = feed["combined", n]
        result.append(
            Row(
                CHAPTER,
                f"feed N={n}, naive vs combined",
                "ms",
                naive.wall_ms,
                combined.wall_ms,
                target=5 if Post.objects.count() >= n else None,  # the page shows N posts
            )
        )
    (joined_mb, joined_ms), (prefetched_mb, prefetched_ms) = wide_rows()
    result.append(
        Row(CHAPTER, "5,000 comments, JOIN x4 vs Prefetch", "MB", joined_mb, prefetched_mb)
    )
    result.append(
        Row(CHAPTER, "5,000 comments, JOIN x4 vs Prefetch", "ms", joined_ms, prefetched_ms)
    )
    return result
