"""Run several approaches to the same job and show their queries and times side by side."""

import statistics
from dataclasses import dataclass

from workbench.display import TableAndChart
from workbench.measure import measure


@dataclass
class Result:
    label: str
    queries: int
    db_ms: float
    wall_ms: float


class Comparison(TableAndChart, list):
    """Results of compare(), one per approach; shows as a table and a bar chart."""

    def __getitem__(self, key):
        if isinstance(key, str):
            return next(result for result in self if result.label == key)
        return super().__getitem__(key)

    def table(self):
        header = ["approach", "queries", "db ms (median)", "wall ms (median)"]
        rows = [[r.label, str(r.queries), f"{r.db_ms:.1f}", f"{r.wall_ms:.1f}"] for r in self]
        return [header, *rows]

    def chart(self):
        """A matplotlib figure: queries and median wall time per approach."""
        from matplotlib.figure import Figure

        figure = Figure(figsize=(9, 0.6 * len(self) + 1.2), layout="constrained")
        queries_axes, time_axes = figure.subplots(1, 2, sharey=True)
        labels = [result.label for result in self]
        queries_axes.barh(labels, [result.queries for result in self], color="tab:blue")
        queries_axes.set_xlabel("queries")
        queries_axes.invert_yaxis()
        time_axes.barh(labels, [result.wall_ms for result in self], color="tab:orange")
        time_axes.set_xlabel("wall time, ms (median)")
        for axes in (queries_axes, time_axes):
            axes.bar_label(axes.containers[0], fmt="%.3g", padding=3)
            axes.margins(x=0.2)
        return figure


def compare(approaches, *, repeat=5):
    """Run each labelled callable `repeat` times; keep its query count and median times.

    >>> compare({"naive": naive_feed, "prefetch": prefetched_feed})
    """
    if not approaches:
        raise ValueError("compare() needs at least one approach, e.g. {'naive': render_feed}.")
    return Comparison(run(label, approach, repeat) for label, approach in approaches.items())


def run(label, approach, repeat):
    """Measure one approach `repeat` times: its query count and median times."""
    runs = []
    for _ in range(repeat):
        with measure(label, show=False) as measured:
            approach()
        runs.append(measured)
    return Result(
        label=label,
        queries=runs[-1].count,
        db_ms=statistics.median(measured.db_ms for measured in runs),
        wall_ms=statistics.median(measured.wall_ms for measured in runs),
    )
