"""Right: one early return per case, and has_filters() for the WHERE clause."""

from django.conf import settings

from core.estimates import ApproximateCount, query_estimate, table_estimate


def approx_count(queryset):
    query = queryset.query
    if query.is_sliced or query.distinct or query.group_by is not None:
        return queryset.count()
    estimate = query_estimate(queryset) if query.has_filters() else table_estimate(queryset.model)
    if estimate and estimate >= settings.APPROX_COUNT_THRESHOLD:
        return ApproximateCount(estimate)
    return queryset.count()
