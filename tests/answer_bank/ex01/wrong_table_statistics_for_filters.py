"""Wrong: a filtered queryset estimated as the whole table.

Fails: test_a_filtered_count_is_estimated_by_the_query_planner,
test_a_filtered_count_is_exact_without_a_query_planner
"""

from django.conf import settings

from core.estimates import ApproximateCount, table_estimate


def approx_count(queryset):
    query = queryset.query
    if query.distinct or query.is_sliced or query.group_by:
        return queryset.count()
    estimate = table_estimate(queryset.model)
    if estimate is None or estimate < settings.APPROX_COUNT_THRESHOLD:
        return queryset.count()
    return ApproximateCount(estimate)
