"""Wrong: no counting at all, a big round number.

Fails: test_the_changelist_shows_about_as_many_comments_as_there_are,
test_an_unfiltered_count_is_estimated_from_the_tables_statistics,
test_a_filtered_count_is_estimated_by_the_query_planner,
test_a_filtered_count_is_exact_without_a_query_planner, test_a_small_table_is_counted_exactly,
test_distinct_rows_are_counted_exactly, test_a_slice_is_counted_exactly,
test_grouped_rows_are_counted_exactly
"""

from core.estimates import ApproximateCount


def approx_count(queryset):
    return ApproximateCount(1_000_000)
