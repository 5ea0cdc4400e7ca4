"""Wrong: grouped rows counted as the whole table ("about 300" for 20 groups).

Fails: test_grouped_rows_are_counted_exactly
"""

from django.conf import settings

from core.estimates import ApproximateCount, query_estimate, table_estimate


def approx_count(queryset):
    query = queryset.query
    if query.distinct or query.is_sliced:
        return queryset.count()
    estimate = query_estimate(queryset) if query.where else table_estimate(queryset.model)
    if estimate is None or estimate < settings.APPROX_COUNT_THRESHOLD:
        return queryset.count()
    return ApproximateCount(estimate)
