"""Right: the choice of estimate in a helper of its own."""

from django.conf import settings

from core import estimates


def estimate_of(queryset):
    """The database's estimate of the queryset's rows, or None when none fits."""
    query = queryset.query
    if any((query.distinct, query.is_sliced, query.group_by)):
        return None
    if query.where:
        return estimates.query_estimate(queryset)
    return estimates.table_estimate(queryset.model, using=queryset.db)


def approx_count(queryset):
    estimate = estimate_of(queryset)
    if estimate is not None and estimate >= settings.APPROX_COUNT_THRESHOLD:
        return estimates.ApproximateCount(estimate)
    return queryset.count()
