"""Project-wide base QuerySet and Manager: every model of the project builds on them."""

from django.db import models

from core.counting import approx_count


class QuerySet(models.QuerySet):
    def approx_count(self):
        """The number of rows, estimated from statistics where counting would be slow."""
        return approx_count(self)


Manager = models.Manager.from_queryset(QuerySet)
