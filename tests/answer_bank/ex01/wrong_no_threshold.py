"""Wrong: small tables estimated too, though counting them is cheap and exact.

Fails: test_a_small_table_is_counted_exactly
"""

from core.estimates import ApproximateCount, query_estimate, table_estimate


def approx_count(queryset):
    query = queryset.query
    if query.distinct or query.is_sliced or query.group_by:
        return queryset.count()
    estimate = query_estimate(queryset) if query.where else table_estimate(queryset.model)
    return queryset.count() if estimate is None else ApproximateCount(estimate)
