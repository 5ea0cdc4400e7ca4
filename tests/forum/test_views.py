import pytest
from django.urls import reverse

from forum.caching import forget
from forum.models import Comment, Post

pytestmark = pytest.mark.django_db


def test_feed_lists_posts_with_their_details(client):
    post = Post.objects.first()
    page = client.get(reverse("forum:feed")).content.decode()
    assert post.title in page
    assert post.author.username in page
    assert f"{post.comments.count()} comments" in page


def test_latest_lists_the_newest_posts(client):
    response = client.get(reverse("forum:latest"))
    assert list(response.context["posts"]) == list(Post.objects.all()[:20])


def test_post_shows_its_comments(client):
    comment = Comment.objects.first()
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert comment.body in page


def test_author_page(client):
    comment = Comment.objects.order_by("-created").first()
    author = comment.author
    page = client.get(reverse("forum:author", args=[author.username])).content.decode()
    assert comment.post.title in page
    assert client.get(reverse("forum:author", args=["nobody"])).status_code == 404


@pytest.mark.parametrize("model", ["auth/user", "forum/post", "forum/comment", "forum/tag"])
def test_admin_changelists_render(admin_client, model):
    response = admin_client.get(f"/admin/{model}/")
    assert response.status_code == 200


def test_author_card_shows_statistics_or_a_placeholder(client, settings):
    author = Comment.objects.first().author
    url = reverse("forum:author-card", args=[author.username])
    forget([author.pk])
    settings.WORKBOOK_ANSWERS = None  # as written: cache-aside, computed in the request
    assert f"{author.comments.count()} comments" in client.get(url).content.decode()
    forget([author.pk])
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["solutions"]  # background fill
    assert "being worked out" in client.get(url).content.decode()
