"""Deterministic forum data, skewed like real traffic: a few power users own most comments.

Authors are ranked: author number k writes posts and comments with weight 1/k**ZIPF_EXPONENT, so
at the workshop size the top three own over a thousand comments each while most own a few.
Comments, nearly all the rows, are drawn a batch at a time with NumPy and bulk loaded
(core.bulk_load): a million in seconds.
"""

import itertools
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection
from tqdm import tqdm

from core.bulk_load import indexes_built_after, write_rows
from core.estimates import analyze
from core.timeouts import statement_timeout
from forum.models import Category, Comment, Post, Tag

ZIPF_EXPONENT = 1.1
RANDOM_SEED = 2014
TALK_DATE = datetime(2014, 8, 28, 19, 0, tzinfo=UTC)
BATCH_SIZE = 250_000  # comments drawn and written at a time
COMMENT_MINUTES = 60 * 24 * 30  # a comment comes within 30 days of its post
ADMIN_USERNAME = ADMIN_PASSWORD = "admin"  # local-only credentials for the workshop admin
# "admin", hashed once (hashing costs a third of a second of every first boot); Django rehashes
# it with the current settings at the first login.
ADMIN_PASSWORD_HASH = (
    "pbkdf2_sha256$1000000$workbookadmin2014$xaF4St/eK64GB1LzK0T+c9DA1OYi7p+ybYo9aO1QBDI="
)
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}  # "": PostgreSQL's local socket

WORDS = " ".join(
    [
        "cache queue index query scale shard replica worker latency throughput admin paginator",
        "count join prefetch select timeout lock vacuum analyze celery redis postgres django",
        "template view model manager queryset signal migration cluster request response",
    ]
).split()


@dataclass(frozen=True)
class Size:
    authors: int
    categories: int
    tags: int
    posts: int
    comments: int


SIZES = {
    "tiny": Size(authors=20, categories=4, tags=8, posts=30, comments=300),
    "workshop": Size(authors=1_000, categories=8, tags=30, posts=500, comments=20_000),
    "large": Size(authors=5_000, categories=12, tags=50, posts=5_000, comments=1_000_000),
    "huge": Size(authors=20_000, categories=12, tags=50, posts=20_000, comments=10_000_000),
}


class UnknownSize(ValueError):
    def __init__(self, name):
        super().__init__(f"Unknown dataset size {name!r}; choose one of: {', '.join(SIZES)}.")


def is_seeded():
    return Post.objects.exists()


def reset():
    """Delete all forum data and every author (superusers stay)."""
    with statement_timeout(None):  # deleting a large dataset may outlast the global limit
        Comment.objects.all().delete()
        Post.objects.all().delete()
        Tag.objects.all().delete()
        Category.objects.all().delete()
        get_user_model().objects.filter(is_superuser=False).delete()


def seed(size_name, progress=True):
    """Fill an empty database with the named dataset; return False if it already had data."""
    if size_name not in SIZES:
        raise UnknownSize(size_name)
    ensure_admin()
    if is_seeded():
        return False
    size = SIZES[size_name]
    rng = random.Random(RANDOM_SEED)
    with statement_timeout(None):  # loading a large dataset may outlast the global limit
        author_ids = create_authors(size.authors)
        pick_authors = zipf_picker(rng, author_ids)
        categories = create_named(Category, "Category", size.categories)
        tags = create_named(Tag, "tag", size.tags)
        posts = create_posts(rng, size.posts, pick_authors, categories, tags)
        create_comments(rng, size.comments, author_ids, posts, progress)
    analyze()  # fresh statistics, as after autovacuum: chapter 1 estimates counts from them
    return True


def is_local_database(database=None):
    """Whether the database (default: the app's settings) is on this machine: SQLite, or a
    server on a local socket or a loopback address."""
    database = database or connection.settings_dict
    host = database["HOST"] or ""
    return "sqlite" in database["ENGINE"] or host in LOCAL_HOSTS or host.startswith("/")


def ensure_admin():
    """Create the admin/admin superuser, on a local workbook database only (a shared or
    remote one gets none: `manage.py createsuperuser` there); return whether it exists."""
    if not is_local_database():
        return False
    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(ADMIN_USERNAME, "admin@localhost", password=None)
        User.objects.filter(username=ADMIN_USERNAME).update(password=ADMIN_PASSWORD_HASH)
    return True


def create_authors(count):
    User = get_user_model()
    users = [
        User(username=f"user{rank:04d}", password=f"{UNUSABLE_PASSWORD_PREFIX}seeded")
        for rank in range(1, count + 1)
    ]
    return [user.pk for user in User.objects.bulk_create(users)]


def zipf_picker(rng, author_ids):
    """Return pick(k): k author ids drawn with weight 1/rank**ZIPF_EXPONENT."""
    weights = (1 / rank**ZIPF_EXPONENT for rank in range(1, len(author_ids) + 1))
    cum_weights = list(itertools.accumulate(weights))
    return lambda k: rng.choices(author_ids, cum_weights=cum_weights, k=k)


def create_named(model, prefix, count):
    objects = [
        model(name=f"{prefix} {n}", slug=f"{prefix.lower()}-{n}") for n in range(1, count + 1)
    ]
    return model.objects.bulk_create(objects)


def sentence(rng, words):
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def create_posts(rng, count, pick_authors, categories, tags):
    posts = [
        Post(
            author_id=author_id,
            category=rng.choice(categories),
            title=sentence(rng, 5)[:-1],
            body="\n\n".join(sentence(rng, 30) for _ in range(3)),
            created=TALK_DATE - timedelta(minutes=rng.randrange(365 * 24 * 60)),
        )
        for author_id in pick_authors(count)
    ]
    posts = Post.objects.bulk_create(posts)
    Post.tags.through.objects.bulk_create(
        Post.tags.through(post=post, tag=tag)
        for post in posts
        for tag in rng.sample(tags, rng.randint(0, min(4, len(tags))))
    )
    return posts


def create_comments(rng, count, author_ids, posts, progress):
    """Comments drawn a batch at a time: a post at random, an author by Zipf weight, one of 500
    bodies, a time within 30 days of the post; loaded with the indexes built after."""
    import numpy as np  # here, not at the top: a database seeded already never needs it

    draw = np.random.default_rng(rng.randrange(2**32))
    bodies = [sentence(rng, 12) for _ in range(500)]
    post_ids = np.array([post.pk for post in posts])
    posted = np.array([post.created.replace(tzinfo=None) for post in posts], dtype="datetime64[m]")
    authors = np.array(author_ids)
    weights = np.cumsum(1 / np.arange(1, len(authors) + 1) ** ZIPF_EXPONENT)
    columns = ["post_id", "author_id", "body", "created"]
    # Plain text on stdout: in a notebook it stays readable when saved (no widget, no red box).
    bar = tqdm(total=count, desc="comments", unit=" rows", disable=not progress, file=sys.stdout)
    with bar, indexes_built_after(Comment):
        for start in range(0, count, BATCH_SIZE):
            n = min(BATCH_SIZE, count - start)
            which = draw.integers(0, len(posts), n)
            author = authors[np.searchsorted(weights, draw.random(n) * weights[-1], side="right")]
            body = draw.integers(0, len(bodies), n)
            created = posted[which] + draw.integers(1, COMMENT_MINUTES, n).astype("timedelta64[m]")
            rows = zip(
                post_ids[which].tolist(),
                author.tolist(),
                [bodies[b] for b in body.tolist()],
                database_times(created),
                strict=True,
            )
            write_rows(Comment, columns, rows)
            bar.update(n)


def database_times(utc):
    """UTC datetime64 values as the database stores a DateTimeField: the text Django writes."""
    text = utc.astype("datetime64[s]").astype(str)
    if connection.vendor == "postgresql":
        return [f"{time}+00" for time in text.tolist()]
    return [time.replace("T", " ") for time in text.tolist()]
