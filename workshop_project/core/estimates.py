"""What the database already knows about row counts, without counting.

PostgreSQL keeps `pg_class.reltuples` (refreshed by ANALYZE and autovacuum) and its planner
estimates the rows of any query (EXPLAIN). SQLite keeps `sqlite_stat1`, written by ANALYZE only.
"""

import json

from django.db import DatabaseError, connections


class ApproximateCount(int):
    """A row count estimated from the database's statistics; reads "about 1,000,000"."""

    def __str__(self):
        return f"about {self:,}"


def analyze(using="default"):
    """Refresh the database's statistics, as autovacuum (PostgreSQL) would; SQLite never does."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


def table_estimate(model, using="default"):
    """The estimated rows of the model's table, or None if the database has no statistics."""
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # reltuples/relpages is the row density at the last ANALYZE; times the table's pages
            # now, it follows inserts and deletes since (as PostgreSQL's planner does).
            cursor.execute(
                "SELECT reltuples, relpages,"
                " pg_relation_size(oid) / current_setting('block_size')::int AS pages"
                " FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(table)],
            )
            reltuples, relpages, pages = cursor.fetchone()
            if reltuples < 0:  # never analysed
                return None
            return round(reltuples / relpages * pages) if relpages else round(reltuples)
        if connection.vendor == "sqlite":
            try:
                cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
            except DatabaseError:  # no ANALYZE has run: the table sqlite_stat1 does not exist
                return None
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
    return None


def query_estimate(queryset):
    """The query planner's estimate of the rows a queryset returns, or None where the database
    has no planner to ask (SQLite)."""
    connection = connections[queryset.db]
    planner = PLANNERS.get(connection.vendor)
    if planner is None:
        return None
    sql, params = queryset.query.sql_with_params()
    return planner(connection, sql, params)


def postgresql_plan_rows(connection, sql, params):
    """The rows PostgreSQL's planner expects the statement to return (EXPLAIN)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


PLANNERS = {"postgresql": postgresql_plan_rows}  # database vendor: its planner's estimate
