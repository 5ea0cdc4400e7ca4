"""Run several approaches to the same job and show their queries and times side by side."""

import statistics
from collections import Counter
from dataclasses import dataclass

from core.extension_points import STAND_INS
from workbench.display import TableAndChart
from workbench.measure import measure


@dataclass
class Result:
    label: str
    queries: int
    db_ms: float  # medians of the runs
    wall_ms: float
    wall_low: float  # the fastest run
    wall_high: float  # the slowest run
    unwritten: tuple = ()  # exercises whose unwritten stub let the naive version serve instead

    @property
    def shown_label(self):
        """The label, saying so where an unwritten exercise ran the project as written."""
        if not self.unwritten:
            return self.label
        return f"{self.label} ({', '.join(self.unwritten)} not written yet: ran as written)"

    def spread(self):
        return f"{self.wall_ms:.1f} ({self.wall_low:.1f}-{self.wall_high:.1f})"

    def compared_with(self, other):
        """ "faster", "slower" or "within the noise of": whether the runs' ranges overlap."""
        if self.wall_high < other.wall_low:
            return "faster than"
        if self.wall_low > other.wall_high:
            return "slower than"
        return "within the noise of"


class Comparison(TableAndChart, list):
    """Results of compare(), one per approach; shows as a table and a bar chart."""

    def __getitem__(self, key):
        if isinstance(key, str):
            return next(result for result in self if result.label == key)
        return super().__getitem__(key)

    def table(self):
        header = ["approach", "queries", "db ms (median)", "wall ms (median, fastest-slowest)"]
        rows = [[r.shown_label, str(r.queries), f"{r.db_ms:.1f}", r.spread()] for r in self]
        return [header, *rows]

    def chart(self):
        """A matplotlib figure: queries (unless all approaches run as many) and wall time per
        approach, the bar at the median and the line from the fastest run to the slowest."""
        from matplotlib.figure import Figure

        queries_vary = len({result.queries for result in self}) > 1
        figure = Figure(figsize=(9 if queries_vary else 6, 0.6 * len(self) + 1.2),
                        layout="constrained")  # fmt: skip
        axes = figure.subplots(1, 2 if queries_vary else 1, sharey=True, squeeze=False)[0]
        labels = [result.label for result in self]
        if queries_vary:
            axes[0].barh(labels, [result.queries for result in self], color="tab:blue")
            axes[0].set_xlabel("queries")
            axes[0].bar_label(axes[0].containers[0], fmt="%.3g", padding=3)
        time_axes = axes[-1]
        medians = [result.wall_ms for result in self]
        spread = [[r.wall_ms - r.wall_low for r in self], [r.wall_high - r.wall_ms for r in self]]
        time_axes.barh(labels, medians, xerr=spread, color="tab:orange", capsize=3)
        time_axes.set_xlabel("wall time, ms (median; line: fastest to slowest run)")
        time_axes.bar_label(time_axes.containers[1], fmt="%.3g", padding=8)
        axes[0].invert_yaxis()
        for each in axes:
            each.margins(x=0.25)
        return figure


def compare(approaches, *, repeat=5):
    """Run each labelled callable `repeat` times; keep its query count and times.

    >>> compare({"naive": naive_feed, "prefetch": prefetched_feed})
    """
    if not approaches:
        raise ValueError("compare() needs at least one approach, e.g. {'naive': render_feed}.")
    return Comparison(run(label, approach, repeat) for label, approach in approaches.items())


def run(label, approach, repeat):
    """Measure one approach `repeat` times: its query count, and the median and range of times."""
    runs = []
    stand_ins = Counter(STAND_INS)
    for _ in range(repeat):
        with measure(label, show=False) as measured:
            approach()
        runs.append(measured)
    walls = [measured.wall_ms for measured in runs]
    return Result(
        label=label,
        queries=runs[-1].count,
        db_ms=statistics.median(measured.db_ms for measured in runs),
        wall_ms=statistics.median(walls),
        wall_low=min(walls),
        wall_high=max(walls),
        unwritten=tuple(sorted(STAND_INS - stand_ins)),
    )
