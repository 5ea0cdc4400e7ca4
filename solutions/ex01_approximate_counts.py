"""Exercise 01: approximate counts for the whole project, written once (reference answer)."""

from django.conf import settings

from core.estimates import ApproximateCount, query_estimate, table_estimate


def approx_count(queryset):
    """The number of rows in the queryset: estimated when counting would be slow, else exact."""
    query = queryset.query
    if query.distinct or query.is_sliced or query.group_by:
        estimate = None  # the statistics know tables and plans, not these
    elif query.where:
        estimate = query_estimate(queryset)
    else:
        estimate = table_estimate(queryset.model, using=queryset.db)
    if estimate is None or estimate < settings.APPROX_COUNT_THRESHOLD:
        return queryset.count()
    return ApproximateCount(estimate)
