"""The project's one place that decides how to count: exercise 01 writes the rule."""

from core.extension_points import extension_point


@extension_point("ex01")
def approx_count(queryset):
    """The number of rows in the queryset. Naive: an exact COUNT(*), every time."""
    return queryset.count()
