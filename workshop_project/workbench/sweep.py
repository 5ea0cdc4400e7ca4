"""Measure approaches at growing sizes: does the query count stay flat or grow with N?"""

import html
from functools import partial

from workbench.compare import png_tag, run


class Sweep(dict):
    """{label: [Result per size]} from sweep(); shows as a table and two line charts."""

    def __init__(self, sizes, results):
        super().__init__(results)
        self.sizes = sizes

    def table(self):
        header = ["approach"] + [f"N={n}: queries, ms" for n in self.sizes]
        rows = [
            [label] + [f"{r.queries}, {r.wall_ms:.1f}" for r in results]
            for label, results in self.items()
        ]
        return [header, *rows]

    def __str__(self):
        return "\n".join("  ".join(f"{cell:<18}" for cell in row) for row in self.table())

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        header, *rows = self.table()
        cells = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in rows
        )
        return f"<table><tr>{cells}</tr>{body}</table>{png_tag(self.chart())}"

    def chart(self):
        """A matplotlib figure: queries and median wall time against N, a line per approach."""
        from matplotlib.figure import Figure

        figure = Figure(figsize=(10, 3.8), layout="constrained")
        queries_axes, time_axes = figure.subplots(1, 2)
        for label, results in self.items():
            queries_axes.plot(self.sizes, [r.queries for r in results], marker="o", label=label)
            time_axes.plot(self.sizes, [r.wall_ms for r in results], marker="o", label=label)
        queries_axes.set(xlabel="N", ylabel="queries")
        time_axes.set(xlabel="N", ylabel="wall time, ms (median)")
        queries_axes.legend()
        return figure


def sweep(approaches, sizes, *, repeat=3):
    """Run each labelled callable(n) for every n in sizes; keep query counts and median times.

    >>> sweep({"naive": lambda n: render_feed(Post.objects.all()[:n])}, sizes=[10, 100])
    """
    results = {
        label: [run(label, partial(approach, n), repeat) for n in sizes]
        for label, approach in approaches.items()
    }
    return Sweep(sizes, results)
