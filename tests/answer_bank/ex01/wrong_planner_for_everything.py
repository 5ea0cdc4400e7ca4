"""Wrong: the planner's guess even for the whole table, whose statistics are exact.

Fails: test_the_changelist_shows_about_as_many_comments_as_there_are,
test_an_unfiltered_count_is_estimated_from_the_tables_statistics,
test_a_small_table_is_counted_exactly
"""

from django.conf import settings

from core.estimates import ApproximateCount, query_estimate


def approx_count(queryset):
    query = queryset.query
    if query.distinct or query.is_sliced or query.group_by:
        return queryset.count()
    estimate = query_estimate(queryset)
    if estimate is None or estimate < settings.APPROX_COUNT_THRESHOLD:
        return queryset.count()
    return ApproximateCount(estimate)
