"""Count and time the queries a block of code runs on the current thread, and say where each
came from: the line of project, learner or notebook code, or the template line, that ran it."""

import html
import os
import sys
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import connections

TOOLKIT = str(Path(__file__).parent)
DJANGO = f"{os.sep}django{os.sep}"
LIBRARIES = (sys.prefix, sys.base_prefix, "<frozen ")


@dataclass
class Query:
    sql: str
    params: object
    alias: str
    ms: float
    source: str = ""  # where it ran from: "forum/templates/forum/feed.html:7 (post.author)"

    def shown(self):
        """The SQL with its parameters written in, as the database received it."""
        if not self.params:
            return self.sql
        try:
            return self.sql % tuple(map(sql_literal, self.params))
        except (TypeError, ValueError):
            return f"{self.sql}  -- parameters: {self.params!r}"


def sql_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    return "'" + str(value).replace("'", "''") + "'"


class Fetched(NamedTuple):
    rows: int
    bytes: int


class Repeat(NamedTuple):
    times: int
    sql: str
    source: str

    def __str__(self):
        where = f" at {self.source}" if self.source else ""
        return f"N+1: {self.times}x {abbreviated(self.sql)}{where}"


def abbreviated(sql, limit=70):
    """SELECT ... FROM "auth_user" WHERE ...: what a query reads, without its column list."""
    if sql.startswith("SELECT") and " FROM " in sql:
        sql = "SELECT ... FROM " + sql.split(" FROM ", 1)[1]
    return sql if len(sql) <= limit else sql[: limit - 3] + "..."


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
        """Each SQL statement run more than once, with how often and where from, most first."""
        counts = Counter(query.sql for query in self.queries)
        return [
            Repeat(times, sql, most_common_source(self.queries, sql))
            for sql, times in counts.most_common()
            if times > 1
        ]

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
        queries = "1 query" if self.count == 1 else f"{self.count} queries"
        return (
            f"{label}{queries} ({self.duplicates} duplicates), "
            f"{self.db_ms:.1f} ms in the database, {self.wall_ms:.1f} ms in all"
        )

    def __str__(self):
        return "\n".join([self.summary(), *(f"  {repeat}" for repeat in self.most_repeated())])

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        cell = 'style="text-align:left;vertical-align:top"'
        repeats = "".join(
            f"<li><code>{html.escape(str(r))}</code></li>" for r in self.most_repeated()
        )
        rows = "".join(
            f"<tr><td {cell}>{query.ms:.2f}</td><td {cell}><code>{html.escape(query.shown())}"
            f"</code></td><td {cell}>{html.escape(query.source)}</td></tr>"
            for query in self.queries
        )
        return (
            f'<div class="workbench-measure"><b>{html.escape(self.summary())}</b>'
            + (f"<ul>{repeats}</ul>" if repeats else "")
            + f"<details><summary>SQL ({self.count} queries)</summary><table><tr>"
            f"<th {cell}>ms</th><th {cell}>SQL</th><th {cell}>from</th></tr>{rows}</table>"
            "</details></div>"
        )


def most_common_source(queries, sql):
    sources = Counter(query.source for query in queries if query.sql == sql)
    return sources.most_common(1)[0][0]


def source_of_query(frame):
    """Where a query came from: the template line being rendered, else the innermost line of the
    project's, the learner's or the notebook's code (not Django's, nor this toolkit's)."""
    while frame.f_code.co_name != "_execute_with_wrappers":  # out of the execute wrappers,
        frame = frame.f_back  # which may be the project's own (core.killer's)
    frame = frame.f_back
    code_line = lookup = ""
    while frame is not None:
        filename, function = frame.f_code.co_filename, frame.f_code.co_name
        if DJANGO in filename:
            if function == "_resolve_lookup" and not lookup:
                lookup = looked_up_so_far(frame)
            elif function == "render_annotated":
                node = frame.f_locals["self"]
                expression = lookup or node.token.contents
                return f"{shown_path(node.origin.name)}:{node.token.lineno} ({expression})"
        elif not code_line and is_own_code(filename):
            code_line = f"{shown_path(filename)}:{frame.f_lineno}"
        frame = frame.f_back
    return code_line


def looked_up_so_far(frame):
    """In a template variable's lookup (post.author.username), the part read when the query ran
    (post.author)."""
    bits, bit = frame.f_locals["self"].lookups, frame.f_locals.get("bit")
    return ".".join(bits[: bits.index(bit) + 1] if bit in bits else bits)


def is_cell(filename):
    """Whether code was typed into a notebook cell."""
    return "ipykernel" in filename or filename.startswith("<ipython-input")


def is_own_code(filename):
    """Whether a frame is the learner's or the workshop's, not Django's or the toolkit's."""
    if filename.startswith((TOOLKIT, *LIBRARIES)):
        return False
    return filename.startswith(str(settings.REPO_DIR)) or is_cell(filename)


def shown_path(filename):
    """A file as a learner knows it: relative to the project or the repository; a cell's."""
    if is_cell(filename):
        return "this cell"
    path = Path(filename)
    for root in (settings.REPO_DIR / "workshop_project", settings.REPO_DIR):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return path.name


@contextmanager
def measure(label="", *, show=True):
    """Record every query the block runs on this thread, and where it ran from; show a summary
    when it ends. The wall time leaves out the time spent finding where queries came from.

    >>> with measure("feed") as m:
    ...     list(Post.objects.all())
    >>> m.count, m.duplicates, m.db_ms, m.wall_ms
    """
    measurement = Measurement(label)
    bookkeeping = 0.0

    def record(execute, sql, params, many, context):
        nonlocal bookkeeping
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            finished = time.perf_counter()
            source = source_of_query(sys._getframe(1))
            alias = context["connection"].alias
            measurement.queries.append(Query(sql, params, alias, (finished - start) * 1000, source))
            bookkeeping += time.perf_counter() - finished

    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(record))
        start = time.perf_counter()
        try:
            yield measurement
        finally:
            measurement.wall_ms = (time.perf_counter() - start - bookkeeping) * 1000
    if show:
        present(measurement)


def present(obj):
    """Rich display in a notebook, plain text anywhere else (where IPython is not even loaded:
    the autograder's processes start faster without it)."""
    ipython = sys.modules.get("IPython")
    if ipython is None or ipython.get_ipython() is None:
        print(obj)
    else:
        from IPython.display import display

        display(obj)


def measure_cell(line, cell):
    """%%measure [label]: run the cell and show what its queries cost."""
    from IPython import get_ipython

    with measure(line.strip()):
        get_ipython().run_cell(cell)


def register_magic(ipython):
    ipython.register_magic_function(measure_cell, "cell", "measure")
