"""Wrong: the project as written, an exact COUNT(*) every time.

Fails: test_the_comment_changelist_runs_no_count_over_the_big_table,
test_the_changelist_shows_about_as_many_comments_as_there_are,
test_an_unfiltered_count_is_estimated_from_the_tables_statistics,
test_a_filtered_count_is_estimated_by_the_query_planner
"""


def approx_count(queryset):
    return queryset.count()
