import pytest
from django.contrib.auth import get_user_model
from django.utils.timezone import now

from forum.models import Comment, Post

pytestmark = pytest.mark.django_db


def test_a_new_comment_queues_a_refresh_after_commit(
    refreshes_queued, django_capture_on_commit_callbacks
):
    author = get_user_model().objects.first()
    with django_capture_on_commit_callbacks() as callbacks:
        comment = Comment.objects.create(
            post=Post.objects.first(), author=author, body="Hello.", created=now()
        )
        comment.save()  # an edit: no new refresh
    assert refreshes_queued == []
    for callback in callbacks:
        callback()
    assert refreshes_queued == [author.pk]
