"""Simulated traffic on the author card: each request's latency, and what it was served.

simulate() replays the same stream of requests through each strategy of serving an author's
statistics, each from a cold cache or one warmed ahead of the traffic. The replay keeps to its
schedule, as real users do: request k is due k / rate seconds into the run, and a pool of
threads serves it then, like a threaded web server, whether or not earlier requests are done.
A request's latency runs from when it was due to when its card was rendered, so time spent
waiting for a free thread counts too. Authors are drawn the way real traffic skews: the busiest
authors' cards are requested most (Zipf), and those are the slowest to compute.
"""

import queue
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial

from celery.signals import after_task_publish, task_postrun
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections
from django.db.models import Count
from django.template.loader import render_to_string
from django.test import override_settings
from tqdm import tqdm

from core.extension_points import NotWrittenYet
from forum import caching
from forum.stats import most_active_authors
from forum.tasks import refresh_author_stats, warm_author_stats
from workbench.display import Chart, TableAndChart
from workbench.errors import WorkbookError
from workbench.measure import measure
from workbench.worker import start_worker

STRATEGIES = {  # how each serves an author's statistics
    "uncached": caching.uncached,
    "cache-aside": caching.cache_aside,
    "background fill": caching.get_author_stats,  # the answer to exercise 02
}
PERCENTILES = (50, 95, 99)
OUTCOMES = {  # what a request was served, and its colour on the charts
    "fresh": "tab:green",
    "computed in request": "tab:red",
    "stale": "tab:olive",
    "placeholder": "tab:gray",
}
WORKER_SECONDS = 60  # the most the in-process worker may take to catch up


@dataclass
class Request:
    due: float  # seconds since the run started
    ms: float  # from when it was due to when the card was rendered
    outcome: str
    age: float | None  # seconds since the statistics served were computed
    author_id: int
    comments: int  # how many comments the author has written: how slow their statistics are


@dataclass
class Run:
    """One strategy's requests, and when refreshes were queued and finished (background fill)."""

    strategy: str
    warmed: int = 0  # authors whose statistics were cached ahead of the traffic
    requests: list = field(default_factory=list)
    queued: list = field(default_factory=list)
    refreshed: list = field(default_factory=list)
    seconds: float = 0.0  # from the first request due to the last one served
    issued_late: float = 0.0  # seconds: the most a request was handed to the server after due

    def percentile(self, p):
        return statistics.quantiles([r.ms for r in self.requests], n=100, method="inclusive")[p - 1]

    def share(self, outcome):
        return sum(r.outcome == outcome for r in self.requests) / len(self.requests)

    def median_ms(self, outcome):
        """The median latency of the requests served `outcome`, or None if there were none."""
        served = [r.ms for r in self.requests if r.outcome == outcome]
        return statistics.median(served) if served else None

    def slowest(self, share):
        """The slowest `share` of the requests (0.01: those above p99)."""
        ranked = sorted(self.requests, key=lambda request: request.ms, reverse=True)
        return ranked[: max(1, round(share * len(ranked)))]

    @property
    def label(self):
        return f"{self.strategy}, {self.warmed} warmed" if self.warmed else self.strategy


class Traffic(TableAndChart, list):
    """The runs of simulate(): percentiles beside what was served, and latency histograms."""

    def __getitem__(self, key):
        if isinstance(key, str):
            return next(run for run in self if key in (run.strategy, run.label))
        return super().__getitem__(key)

    def __add__(self, other):
        """These runs and other's, as one Traffic: `earlier + simulate([...])` compares a new
        strategy with runs already made, on the same requests if made with the same arguments."""
        return Traffic([*self, *other])

    def table(self):
        header = ["strategy", *(f"p{p} ms" for p in PERCENTILES), *OUTCOMES, "run s"]
        rows = [
            [run.label, *(f"{run.percentile(p):.2f}" for p in PERCENTILES),
             *(f"{run.share(outcome):.0%}" for outcome in OUTCOMES), f"{run.seconds:.1f}"]
            for run in self
        ]  # fmt: skip
        return [header, *rows]

    def chart(self):
        """Latency histograms on a log scale, one per run, coloured by what was served."""
        from matplotlib.figure import Figure

        figure = Figure(figsize=(10, 2.2 * len(self) + 0.6), layout="constrained")
        every_ms = [r.ms for run in self for r in run.requests]
        bins = log_bins(min(every_ms), max(every_ms))
        rows = figure.subplots(len(self), 1, sharex=True, squeeze=False)[:, 0]
        for axes, run in zip(rows, self, strict=True):
            served = [
                (outcome, [r.ms for r in run.requests if r.outcome == outcome])
                for outcome in OUTCOMES
            ]
            served = [(outcome, ms) for outcome, ms in served if ms]
            axes.hist(
                [ms for _, ms in served],
                bins=bins,
                stacked=True,
                color=[OUTCOMES[outcome] for outcome, _ in served],
                label=[outcome for outcome, _ in served],
            )
            for p, style in zip(PERCENTILES, (":", "--", "-"), strict=True):
                axes.axvline(run.percentile(p), color="black", linestyle=style, label=f"p{p}")
            axes.set(xscale="log", ylabel="requests", title=run.label)
            axes.legend(fontsize="small", loc="upper right")
        axes.set_xlabel("request time, ms (log scale)")
        return figure

    def timeline(self, strategy):
        """Requests as the run goes on, and refreshes queued and finished."""
        from matplotlib.figure import Figure

        run = self[strategy]
        figure = Figure(figsize=(10, 5), layout="constrained")
        requests_axes, work_axes = figure.subplots(2, 1, sharex=True)
        for outcome, colour in OUTCOMES.items():
            served = [r for r in run.requests if r.outcome == outcome]
            if served:
                times = [r.due for r in served], [r.ms for r in served]
                requests_axes.scatter(*times, s=6, color=colour, label=outcome)
        requests_axes.set(yscale="log", ylabel="request time, ms", title=run.label)
        requests_axes.legend(fontsize="small", loc="upper right")
        for times, label in ((run.queued, "refreshes queued"), (run.refreshed, "refreshes done")):
            work_axes.step(sorted(times), range(1, len(times) + 1), where="post", label=label)
        work_axes.set(xlabel="seconds into the run", ylabel="refreshes (cumulative)")
        work_axes.legend(fontsize="small")
        return Chart(figure)

    def staleness(self):
        """How old the statistics each run served were, as the run went on."""
        from matplotlib.figure import Figure

        figure = Figure(figsize=(10, 3.5), layout="constrained")
        axes = figure.subplots()
        for run in self:
            aged = [r for r in run.requests if r.age is not None]
            axes.scatter([r.due for r in aged], [r.age for r in aged], s=5, label=run.label)
        axes.set(xlabel="seconds into the run", ylabel="age of what was served, s")
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


def simulate(
    strategies, *, requests=1000, rate=250, skew=1.1, max_age=2.0, warm=0, threads=8,
    progress=True,
):  # fmt: skip
    """Replay `requests` author-card requests, `rate` a second, through each strategy.

    Each strategy starts from a cold cache, or with the `warm` most active authors' statistics
    cached ahead of the traffic; statistics go stale after `max_age` seconds. The in-process
    worker runs the background refreshes (a separate worker shares them if one runs).

    >>> simulate(["cache-aside", "background fill"], requests=500, warm=100)
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
            caching.forget({author.pk for author in authors} | set(most_active_authors(warm)))
            run = Run(strategy, warmed=warm_up(strategy, warm, threads))
            try:
                replay(run, authors, rate, max_age, threads, progress)
            except NotWrittenYet as error:
                raise WorkbookError(str(error)) from None  # one sentence, not a traceback
            traffic.append(run)
    return traffic


def warm_up(strategy, top, threads):
    """Cache the `top` most active authors' statistics the strategy's own way; return how many."""
    if not top or strategy == "uncached":
        return 0
    busiest = most_active_authors(top)
    if strategy == "cache-aside":  # on the server's threads, as the traffic's own misses run
        with Server(threads) as server:
            for author_id in busiest:
                server.submit(partial(caching.cache_aside, author_id))
        return len(busiest)
    warm_author_stats.delay(top)  # what Celery beat runs, through the worker
    keys = [caching.stats_key(author_id) for author_id in busiest]
    wait_for(lambda: len(cache.get_many(keys)) == len(keys), f"warming {len(keys)} authors")
    return len(busiest)


def replay(run, authors, rate, max_age, threads, progress):
    """Issue each request when due, to a pool of server threads; fill `run` as they finish."""
    start = time.perf_counter()

    def queued(sender=None, **kwargs):
        if sender == refresh_author_stats.name:
            run.queued.append(time.perf_counter() - start)

    def refreshed(sender=None, **kwargs):
        if sender.name == refresh_author_stats.name:
            run.refreshed.append(time.perf_counter() - start)

    after_task_publish.connect(queued, weak=False)
    task_postrun.connect(refreshed, weak=False)
    serve = STRATEGIES[run.strategy]
    try:
        with Server(threads) as server:
            shown = tqdm(authors, desc=run.label, disable=not progress, file=sys.stdout)
            for number, author in enumerate(shown):
                if server.errors:
                    break  # raised below: replaying the rest would only repeat it
                due = number / rate
                time.sleep(max(0.0, start + due - time.perf_counter()))
                run.issued_late = max(run.issued_late, time.perf_counter() - start - due)
                server.submit(partial(serve_card, run, serve, author, start, due, max_age))
        run.seconds = time.perf_counter() - start
        requested = {author.pk for author in authors}

        def done():  # run here, or by whichever worker: no lock is held any more
            return len(run.refreshed) >= len(run.queued) or not locked(requested)

        wait_for(done, "the refreshes the run queued")
    finally:
        after_task_publish.disconnect(queued)
        task_postrun.disconnect(refreshed)
    run.requests.sort(key=lambda request: request.due)


def wait_for(done, what, seconds=WORKER_SECONDS):
    """Wait until done() (the worker's work); the next run must not meet this one's refreshes."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise WorkbookError(
                f"The worker did not finish {what} in {seconds} s: is it running? Does your "
                "refresh_author_stats() store what get_author_stats() reads?"
            )
        time.sleep(0.05)


def locked(author_ids):
    """Whether a refresh of these authors is pending or running, in this process's worker or in
    a separate one (which Celery's signals here do not see): each holds its author's lock
    (forum.caching.refresh_lock_key) until it has stored the statistics."""
    return bool(cache.get_many([caching.refresh_lock_key(author_id) for author_id in author_ids]))


def serve_card(run, serve, author, start, due, max_age):
    """Serve one author card as the view does, and record what it served, and when."""
    with measure(show=False) as measured:  # the slow function queries; the cache does not
        entry = serve(author.pk)
        render_to_string("forum/author_card.html", {"author": author, "entry": entry})
    ms = (time.perf_counter() - start - due) * 1000
    if entry is None:
        outcome = "placeholder"
    elif measured.count:
        outcome = "computed in request"
    else:
        outcome = "stale" if entry.age() > max_age else "fresh"
    run.requests.append(Request(due, ms, outcome, entry and entry.age(), author.pk, author.n))


class Server:
    """Threads that run submitted requests, as a threaded web server does; each thread has its
    own database connections, closed when the server stops. The first error a request raised
    is raised again when the server stops."""

    def __init__(self, threads):
        self.jobs = queue.Queue()
        self.threads = [threading.Thread(target=self.work) for _ in range(threads)]
        self.errors = []

    def work(self):
        try:
            while (job := self.jobs.get()) is not None:
                try:
                    job()
                except Exception as error:
                    self.errors.append(error)
        finally:
            connections.close_all()

    def submit(self, job):
        self.jobs.put(job)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()
        if self.errors and exc[0] is None:
            raise self.errors[0]
