"""The project-wide base ModelAdmin: every admin of the project builds on it."""

from django.contrib import admin

from core.paginator import ApproximatePaginator


class ModelAdmin(admin.ModelAdmin):
    # Django's changelist counts the whole table twice per page: once for "N results (M total)"
    # and once for the paginator. Skip the first, and let the paginator estimate the second.
    show_full_result_count = False
    paginator = ApproximatePaginator
