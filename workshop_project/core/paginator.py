from django.core.paginator import Paginator
from django.utils.functional import cached_property


class ApproximatePaginator(Paginator):
    """A Paginator that asks the queryset for an approximate count, not for COUNT(*)."""

    @cached_property
    def count(self):
        if hasattr(self.object_list, "approx_count"):
            return self.object_list.approx_count()
        return super().count
