"""Run several approaches to the same job and show their queries and times side by side."""

import base64
import html
import io
import statistics
from dataclasses import dataclass

from workbench.measure import measure


@dataclass
class Result:
    label: str
    queries: int
    db_ms: float
    wall_ms: float


class Comparison(list):
    """Results of compare(), one per approach; shows as a table and a bar chart."""

    def __getitem__(self, key):
        if isinstance(key, str):
            return next(result for result in self if result.label == key)
        return super().__getitem__(key)

    def table(self):
        width = max(len(result.label) for result in self)
        lines = [f"{'approach':<{width}}  queries  db ms  wall ms"]
        lines += [
            f"{r.label:<{width}}  {r.queries:>7}  {r.db_ms:>5.1f}  {r.wall_ms:>7.1f}" for r in self
        ]
        return "\n".join(lines)

    def __str__(self):
        return self.table()

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.table())

    def _repr_html_(self):
        rows = "".join(
            f"<tr><td>{html.escape(r.label)}</td><td>{r.queries}</td>"
            f"<td>{r.db_ms:.1f}</td><td>{r.wall_ms:.1f}</td></tr>"
            for r in self
        )
        return (
            "<table><tr><th>approach</th><th>queries</th><th>db ms (median)</th>"
            f"<th>wall ms (median)</th></tr>{rows}</table>{png_tag(self.chart())}"
        )

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


class Chart:
    """A matplotlib figure that shows itself in a notebook as an embedded PNG."""

    def __init__(self, figure):
        self.figure = figure

    def _repr_html_(self):
        return png_tag(self.figure)


def png_tag(figure):
    """An <img> tag holding the figure, so that the chart is saved with the notebook."""
    png = io.BytesIO()
    figure.savefig(png, format="png", dpi=100)
    return f'<img src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}">'


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
