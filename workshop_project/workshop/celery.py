"""The project's Celery app: `celery -A workshop worker` runs a separate worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")

app = Celery("workshop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
