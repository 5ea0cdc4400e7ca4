"""Loading many rows fast: COPY on PostgreSQL, one executemany() per batch on SQLite, into a
table whose indexes (and, on PostgreSQL, foreign keys) are built once after the load.

Maintaining an index row by row, and checking a foreign key row by row, cost more than building
them once over the loaded table; the foreign keys are checked when they are added back. (SQLite
checks its own as rows arrive: checking them all after the load costs more.)
"""

from contextlib import contextmanager

from django.db import connection


def write_rows(model, columns, rows):
    """Append rows (tuples of text-ready values) to the model's table, through the driver
    itself: Django's cursor adds a little work per row, which a million rows make seconds."""
    table, names = model._meta.db_table, ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write("".join("\t".join(map(str, row)) + "\n" for row in rows))
        else:
            placeholders = ", ".join(["?"] * len(columns))
            cursor.cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows
            )


@contextmanager
def indexes_built_after(model):
    """Drop the table's secondary indexes and foreign keys for the block; build them after it.

    Use it inside a transaction: should the block fail, the rollback puts them back.
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        rebuild = (postgresql_drop if connection.vendor == "postgresql" else sqlite_drop)(
            cursor, table
        )
    yield
    with connection.cursor() as cursor:
        for statement in rebuild:
            cursor.execute(statement)


def postgresql_drop(cursor, table):
    """Drop the indexes (but the primary key's) and foreign keys; return what rebuilds them."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a table with checks pending cannot change
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        " AND tablename = %s AND indexname NOT IN"
        " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _ in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    add_back = f'ALTER TABLE {table} ADD CONSTRAINT "{{}}" {{}}'
    return [definition for _, definition in indexes] + [
        add_back.format(name, definition) for name, definition in foreign_keys
    ]


def sqlite_drop(cursor, table):
    """Drop the indexes SQLite did not make itself; return what rebuilds them."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
        " AND sql IS NOT NULL",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]
