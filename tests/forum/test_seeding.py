import statistics

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from forum import seeding
from forum.models import Category, Comment, Post, Tag

pytestmark = pytest.mark.django_db


def counts():
    return {
        "authors": get_user_model().objects.filter(is_superuser=False).count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
    }


def snapshot():
    posts = Post.objects.values_list("title", "author__username", "category__slug", "created")
    comments = Comment.objects.values_list("author__username").annotate(n=Count("id"))
    return list(posts), sorted(comments)


@pytest.mark.parametrize("size", ["tiny", "workshop"])
def test_seeds_the_promised_size(size):
    seeding.reset()
    assert seeding.seed(size, progress=False)
    assert counts() == vars(seeding.SIZES[size])


def test_is_deterministic():
    before = snapshot()
    seeding.reset()
    seeding.seed("tiny", progress=False)
    assert snapshot() == before


def test_never_duplicates_data():
    before = counts()
    assert not seeding.seed("tiny", progress=False)
    call_command("seed", "tiny", verbosity=0)
    assert counts() == before


def test_a_few_power_users_own_most_comments():
    per_author = sorted(
        get_user_model().objects.annotate(n=Count("comments")).values_list("n", flat=True)
    )
    assert per_author[-1] > 5 * statistics.median(per_author)
    assert sum(per_author[-3:]) > sum(per_author) / 3


def test_creates_the_workshop_admin():
    admin = get_user_model().objects.get(username=seeding.ADMIN_USERNAME)
    assert admin.is_superuser
    assert admin.check_password(seeding.ADMIN_PASSWORD)


def test_lists_the_sizes_for_a_typo():
    with pytest.raises(
        CommandError, match=r"invalid choice: 'enormous' \(choose from '?tiny'?, '?workshop"
    ):
        call_command("seed", "enormous")
    with pytest.raises(ValueError, match="choose one of: tiny, workshop, large, huge"):
        seeding.seed("enormous")
