"""Simulated traffic on the author card: per-request latency, what was served, and how old.

simulate() replays the same stream of requests once per strategy of `forum.caching`, starting
each from a cold cache. Authors are drawn the way real traffic skews: the busiest authors'
cards are requested most (Zipf), and those are the slowest to compute.
"""

import random
import statistics
import time
from dataclasses import dataclass, field

from celery.signals import after_task_publish, task_postrun
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.template.loader import render_to_string
from django.test import override_settings
from tqdm.auto import tqdm

from forum import caching
from forum.tasks import refresh_author_stats
from workbench.display import Chart, TableAndChart
from workbench.measure import measure
from workbench.worker import start_worker

STRATEGIES = {  # how each serves an author's statistics
    "uncached": caching.uncached,
    "cache-aside": caching.cache_aside,
    "background fill": caching.get_author_stats,  # the answer to exercise 02
}
PERCENTILES = (50, 95, 99)
OUTCOMES = {  # what a request was served: colour on the charts
    "cached": "tab:green",
    "stale": "tab:olive",
    "placeholder": "tab:gray",
    "computed in request": "tab:red",
}


@dataclass
class Request:
    at: float  # seconds since the run started
    ms: float
    outcome: str
    age: float | None  # seconds since the statistics served were computed


@dataclass
class Run:
    """One strategy's requests, and when refreshes were queued and finished (background fill)."""

    strategy: str
    requests: list = field(default_factory=list)
    queued: list = field(default_factory=list)
    refreshed: list = field(default_factory=list)

    def percentile(self, p):
        return statistics.quantiles([r.ms for r in self.requests], n=100, method="inclusive")[p - 1]

    def share(self, outcome):
        return sum(r.outcome == outcome for r in self.requests) / len(self.requests)


class Traffic(TableAndChart, list):
    """The runs of simulate(), one per strategy: a percentile table and latency histograms."""

    def __getitem__(self, key):
        if isinstance(key, str):
            return next(run for run in self if run.strategy == key)
        return super().__getitem__(key)

    def table(self):
        header = ["strategy", *(f"p{p} ms" for p in PERCENTILES), "computed in request"]
        rows = [
            [run.strategy, *(f"{run.percentile(p):.2f}" for p in PERCENTILES),
             f"{run.share('computed in request'):.0%}"]
            for run in self
        ]  # fmt: skip
        return [header, *rows]

    def chart(self):
        """Latency histograms on a log scale, one per strategy, with p50/p95/p99 marked."""
        from matplotlib.figure import Figure

        figure = Figure(figsize=(10, 2.2 * len(self) + 0.6), layout="constrained")
        every_ms = [r.ms for run in self for r in run.requests]
        bins = log_bins(min(every_ms), max(every_ms))
        rows = figure.subplots(len(self), 1, sharex=True, squeeze=False)[:, 0]
        for axes, run in zip(rows, self, strict=True):
            for outcome, colour in OUTCOMES.items():
                values = [r.ms for r in run.requests if r.outcome == outcome]
                if values:
                    axes.hist(values, bins=bins, color=colour, alpha=0.8, label=outcome)
            for p, style in zip(PERCENTILES, (":", "--", "-"), strict=True):
                axes.axvline(run.percentile(p), color="black", linestyle=style, label=f"p{p}")
            axes.set(xscale="log", ylabel="requests", title=run.strategy)
            axes.legend(fontsize="small", loc="upper right")
        axes.set_xlabel("request time, ms (log scale)")
        return figure

    def timeline(self, strategy):
        """Request times as the run goes on, and refreshes queued and finished: a cold start."""
        from matplotlib.figure import Figure

        run = self[strategy]
        figure = Figure(figsize=(10, 5), layout="constrained")
        requests_axes, work_axes = figure.subplots(2, 1, sharex=True)
        for outcome, colour in OUTCOMES.items():
            served = [r for r in run.requests if r.outcome == outcome]
            if served:
                times = [r.at for r in served], [r.ms for r in served]
                requests_axes.scatter(*times, s=6, color=colour, label=outcome)
        requests_axes.set(yscale="log", ylabel="request time, ms", title=f"{strategy}: cold start")
        requests_axes.legend(fontsize="small", loc="upper right")
        for times, label in ((run.queued, "refreshes queued"), (run.refreshed, "refreshes done")):
            work_axes.step(sorted(times), range(1, len(times) + 1), where="post", label=label)
        work_axes.set(xlabel="seconds since the cold start", ylabel="refreshes (cumulative)")
        work_axes.legend(fontsize="small")
        return Chart(figure)

    def staleness(self):
        """How old the statistics each strategy served were, as the run went on."""
        from matplotlib.figure import Figure

        figure = Figure(figsize=(10, 3.5), layout="constrained")
        axes = figure.subplots()
        for run in self:
            aged = [r for r in run.requests if r.age is not None]
            ages = [r.at for r in aged], [r.age for r in aged]
            axes.scatter(*ages, s=5, label=run.strategy, alpha=0.6)
        axes.set(xlabel="seconds since the cold start", ylabel="age of what was served, s")
        axes.legend(fontsize="small")
        return Chart(figure)


def log_bins(low, high, count=40):
    ratio = (high / low) ** (1 / count)
    return [low * ratio**step for step in range(count + 1)]


def draw_authors(requests, skew, seed=2014):
    """`requests` authors, the busiest most often: P(rank r) is proportional to r ** -skew."""
    authors = list(get_user_model().objects.annotate(n=Count("comments")).order_by("-n", "pk"))
    weights = [rank**-skew for rank in range(1, len(authors) + 1)]
    return random.Random(seed).choices(authors, weights, k=requests)


def simulate(strategies, *, requests=1000, rate=250, skew=1.1, max_age=2.0, progress=True):
    """Replay `requests` author-card requests at `rate` per second through each strategy.

    Each strategy starts from a cold cache; statistics go stale after `max_age` seconds. The
    in-process worker runs the background refreshes (a separate worker shares them if one runs).

    >>> simulate(["cache-aside", "background fill"], requests=500)
    """
    unknown = set(strategies) - set(STRATEGIES)
    if unknown:
        raise ValueError(f"Unknown strategies {sorted(unknown)}; choose from {list(STRATEGIES)}.")
    authors = draw_authors(requests, skew)
    start_worker()
    traffic = Traffic()
    # Background fill is the answer to exercise 02: no quiet fallback to cache-aside for it.
    with override_settings(AUTHOR_STATS_MAX_AGE=max_age, WORKBOOK_FALLBACK_TO_NAIVE=False):
        for strategy in strategies:
            traffic.append(replay(strategy, authors, rate, max_age, progress))
    return traffic


def replay(strategy, authors, rate, max_age, progress):
    serve = STRATEGIES[strategy]
    caching.forget({author.pk for author in authors})
    run = Run(strategy)
    start = time.perf_counter()

    def queued(sender=None, **kwargs):
        if sender == refresh_author_stats.name:
            run.queued.append(time.perf_counter() - start)

    def refreshed(sender=None, **kwargs):
        if sender.name == refresh_author_stats.name:
            run.refreshed.append(time.perf_counter() - start)

    after_task_publish.connect(queued, weak=False)
    task_postrun.connect(refreshed, weak=False)
    try:
        for number, author in enumerate(
            tqdm(authors, desc=strategy, leave=False, disable=not progress)
        ):
            time.sleep(max(0.0, start + number / rate - time.perf_counter()))
            run.requests.append(timed_request(serve, author, start, max_age))
    finally:
        after_task_publish.disconnect(queued)
        task_postrun.disconnect(refreshed)
    return run


def timed_request(serve, author, start, max_age):
    """Serve one author card as the view does, and say what it served."""
    began = time.perf_counter()
    with measure(show=False) as measured:  # the slow function queries; the cache does not
        entry = serve(author.pk)
        render_to_string("forum/author_card.html", {"author": author, "entry": entry})
    ms = (time.perf_counter() - began) * 1000
    if entry is None:
        return Request(began - start, ms, "placeholder", None)
    if measured.count:
        return Request(began - start, ms, "computed in request", entry.age())
    return Request(began - start, ms, "stale" if entry.age() > max_age else "cached", entry.age())
