"""Refresh on write: a new comment changes its author's statistics, so queue a refresh."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from forum.models import Comment


@receiver(post_save, sender=Comment)
def refresh_stats_of_commenter(sender, instance, created, **kwargs):
    if created:
        from forum.tasks import refresh_author_stats  # Celery loads with the first task queued

        # After the commit, or the worker could read the database before the comment is in it.
        transaction.on_commit(lambda: refresh_author_stats.delay(instance.author_id))
