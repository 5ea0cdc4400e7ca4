"""Right: a match statement over what the query does."""

from django.conf import settings

from core.estimates import ApproximateCount, query_estimate, table_estimate


def approx_count(queryset):
    query = queryset.query
    match (bool(query.distinct or query.is_sliced or query.group_by), bool(query.where)):
        case (True, _):
            estimate = None
        case (False, True):
            estimate = query_estimate(queryset)
        case _:
            estimate = table_estimate(queryset.model)
    threshold = settings.APPROX_COUNT_THRESHOLD
    return (
        queryset.count() if estimate is None or estimate < threshold else ApproximateCount(estimate)
    )
