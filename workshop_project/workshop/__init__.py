"""The Django project the workbook's notebooks boot."""

from workshop.celery import app as celery_app

__all__ = ["celery_app"]
