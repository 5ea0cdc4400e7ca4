"""Exercise 01: approximate counts for the whole project, written once.

Every model's manager builds on `core.models.QuerySet`, and every admin on `core.admin.ModelAdmin`,
whose paginator asks `queryset.approx_count()` for the number of rows. That method calls
`core.counting.approx_count()`, the one place where the project decides how to count, and your
`approx_count()` below replaces it. Until you write it, the project counts exactly, with a
COUNT(*) over the whole table on every admin page.

Task: write `approx_count(queryset)` to return
- `ApproximateCount(estimate)` when the database can estimate the count and the estimate is at
  least `settings.APPROX_COUNT_THRESHOLD` rows;
- `queryset.count()` (exact) otherwise: small tables, and querysets no estimate fits.

`core.estimates` has the database's side: `table_estimate(model)` reads the table statistics
(or returns None), `query_estimate(queryset)` asks the query planner (None where the database
has none, as on SQLite). Which one fits depends on the queryset: an unfiltered queryset counts
the whole table (ordering and select_related() do not change a count); a filtered one needs
the planner; and no estimate counts DISTINCT, sliced or grouped rows correctly.
`queryset.query` tells you which is which (look at `where`, `distinct`, `is_sliced` and
`group_by`).

Check: `check("ex01")` in notebook 01, or `make check EX=ex01` in a terminal.
"""

from django.conf import settings

from core.estimates import ApproximateCount, query_estimate, table_estimate
from core.extension_points import NotWrittenYet


def approx_count(queryset):
    """The number of rows in the queryset: estimated when counting would be slow, else exact."""
    raise NotWrittenYet("ex01")
