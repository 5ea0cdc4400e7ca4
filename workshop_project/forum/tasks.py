"""The forum's Celery tasks, run by `celery -A workshop worker` or the in-process worker."""

from celery import shared_task

from workbench.answers import load_answer


@shared_task
def refresh_author_stats(author_id):
    """Recompute an author's cached statistics (the body is exercise 02's)."""
    load_answer("ex02").refresh_author_stats(author_id)
