"""Measure approaches at growing sizes: does the query count stay flat or grow with N?"""

from functools import partial

from workbench.compare import run
from workbench.display import TableAndChart


class Sweep(TableAndChart, dict):
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
