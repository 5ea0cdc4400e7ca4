"""Count and time the queries a block of code runs on the current thread."""

import html
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connections
from IPython import get_ipython
from IPython.display import display


@dataclass
class Query:
    sql: str
    params: object
    alias: str
    ms: float


class Fetched(NamedTuple):
    rows: int
    bytes: int


@dataclass
class Measurement:
    """What a measured block did: its queries, their total database time and the wall time."""

    label: str = ""
    queries: list[Query] = field(default_factory=list)
    wall_ms: float = 0.0

    @property
    def count(self):
        return len(self.queries)

    @property
    def db_ms(self):
        return sum(query.ms for query in self.queries)

    @property
    def duplicates(self):
        """How many queries repeated SQL already run in the block (the mark of N+1)."""
        return self.count - len({query.sql for query in self.queries})

    def most_repeated(self):
        """The repeated SQL statements with how often each ran, most frequent first."""
        counts = Counter(query.sql for query in self.queries)
        return [(sql, n) for sql, n in counts.most_common() if n > 1]

    def fetched(self):
        """Re-run the block's SELECTs to total the rows and bytes of data they return."""
        rows = size = 0
        for query in self.queries:
            if query.sql.lstrip().upper().startswith("SELECT"):
                with connections[query.alias].cursor() as cursor:
                    cursor.execute(query.sql, query.params)
                    for row in cursor.fetchall():
                        rows += 1
                        size += sum(len(str(value)) for value in row if value is not None)
        return Fetched(rows, size)

    def summary(self):
        label = f"{self.label}: " if self.label else ""
        return (
            f"{label}{self.count} queries ({self.duplicates} duplicates), "
            f"{self.db_ms:.1f} ms in the database, {self.wall_ms:.1f} ms in all"
        )

    def __str__(self):
        return self.summary()

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.summary())

    def _repr_html_(self):
        rows = "".join(
            f"<tr><td>{query.ms:.2f}</td><td><code>{html.escape(query.sql)}</code></td></tr>"
            for query in self.queries
        )
        return (
            f'<div class="workbench-measure"><b>{html.escape(self.summary())}</b>'
            f"<details><summary>SQL ({self.count} queries)</summary>"
            f'<table><tr><th>ms</th><th style="text-align:left">SQL</th></tr>{rows}</table>'
            "</details></div>"
        )


@contextmanager
def measure(label="", *, show=True):
    """Record every query the block runs on this thread; show a summary when it ends.

    >>> with measure("feed") as m:
    ...     list(Post.objects.all())
    >>> m.count, m.duplicates, m.db_ms, m.wall_ms
    """
    measurement = Measurement(label)

    def record(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed_ms = (time.perf_counter() - start) * 1000
            alias = context["connection"].alias
            measurement.queries.append(Query(sql, params, alias, elapsed_ms))

    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(record))
        start = time.perf_counter()
        try:
            yield measurement
        finally:
            measurement.wall_ms = (time.perf_counter() - start) * 1000
    if show:
        present(measurement)


def present(obj):
    """Rich display in a notebook, plain text anywhere else."""
    if get_ipython() is None:
        print(obj)
    else:
        display(obj)


def measure_cell(line, cell):
    """%%measure [label]: run the cell and show what its queries cost."""
    with measure(line.strip()):
        get_ipython().run_cell(cell)


def register_magic(ipython):
    ipython.register_magic_function(measure_cell, "cell", "measure")
