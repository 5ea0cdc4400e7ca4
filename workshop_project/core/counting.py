"""The project's one place that decides how to count: exercise 01 writes the rule."""

from workbench.answers import NotWrittenYet, load_answer


def approx_count(queryset):
    """The learner's approximate count (exercise 01); an exact count until it is written."""
    try:
        return load_answer("ex01").approx_count(queryset)
    except NotWrittenYet:
        return queryset.count()
