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
        header = ["approach"] + [f"N={n}: queries, wall ms" for n in self.sizes]
        rows = [
            [results[-1].shown_label] + [f"{r.queries}, {r.spread()}" for r in results]
            for label, results in self.items()
        ]
        return [header, *rows]

    def chart(self):
        """A matplotlib figure: queries (unless they never change) and wall time against N, a
        line per approach through the medians, shaded from the fastest run to the slowest."""
        from matplotlib.figure import Figure

        every_count = {r.queries for results in self.values() for r in results}
        queries_vary = len(every_count) > 1
        figure = Figure(figsize=(10 if queries_vary else 6, 3.8), layout="constrained")
        axes = figure.subplots(1, 2 if queries_vary else 1, squeeze=False)[0]
        time_axes = axes[-1]
        for label, results in self.items():
            if queries_vary:
                axes[0].plot(self.sizes, [r.queries for r in results], marker="o", label=label)
            (line,) = time_axes.plot(self.sizes, [r.wall_ms for r in results], marker="o",
                                     label=label)  # fmt: skip
            low, high = [r.wall_low for r in results], [r.wall_high for r in results]
            time_axes.fill_between(self.sizes, low, high, color=line.get_color(), alpha=0.2)
        if queries_vary:
            axes[0].set(xlabel="N", ylabel="queries")
        time_axes.set(xlabel="N", ylabel="wall time, ms (median; band: fastest to slowest)")
        axes[0].legend()
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
