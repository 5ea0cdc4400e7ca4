"""Chapter 1: COUNT(*) against the approximate count, and the admin changelist both ways."""

from django.contrib import admin
from django.db import connection

from bench.report import Row
from core.admin import ModelAdmin
from forum.models import Comment
from workbench.changelists import changelist
from workbench.compare import run
from workbench.measure import measure

CHAPTER = "01 wrap Django's classes"
BIG_TABLE_ROWS = 1_000_000  # the targets hold on PostgreSQL from this size


def count_queries(render):
    with measure(show=False) as measured:
        render()
    return sum("COUNT(" in query.sql.upper() for query in measured.queries)


def rows(repeat):
    rows_now = Comment.objects.count()
    on_target = connection.vendor == "postgresql" and rows_now >= BIG_TABLE_ROWS
    exact = run("COUNT(*)", Comment.objects.count, repeat)
    approximate = run("approx_count()", Comment.objects.approx_count, repeat)
    django_admin = changelist(Comment, admin.ModelAdmin)
    project_admin = changelist(Comment, ModelAdmin)  # the same page, on the project's base class
    before = run("Django's ModelAdmin", django_admin, repeat)
    after = run("project ModelAdmin", project_admin, repeat)
    case = f"{rows_now:,} comments"
    return [
        Row(CHAPTER, f"{case}, COUNT(*) vs approx_count()", "ms", exact.wall_ms,
            approximate.wall_ms, target=100 if on_target else None),
        Row(CHAPTER, f"{case}, changelist Django vs project", "ms", before.wall_ms,
            after.wall_ms, target=1.5 if on_target else None),
        Row(CHAPTER, f"{case}, changelist Django vs project", "queries", before.queries,
            after.queries),
        Row(CHAPTER, f"{case}, changelist Django vs project", "COUNTs", count_queries(django_admin),
            count_queries(project_admin)),
    ]  # fmt: skip
