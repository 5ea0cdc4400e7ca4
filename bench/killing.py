"""Chapter 4: how precisely statement_timeout cancels, and how soon the watchdog does."""

import statistics

from bench.report import Row
from core.killer import QueryKiller
from core.timeouts import statement_timeout
from workbench.runaway import busy

CHAPTER = "04 query killer"
LIMIT = 0.5  # seconds
INTERVALS = (0.25, 1.0)
RUNAWAY = 5  # seconds a runaway would run if nothing stopped it


def median_elapsed(run, repeat):
    return statistics.median(run()[0] for _ in range(repeat))


def rows(repeat):
    runs = min(repeat, 3)

    def timed_out():
        with statement_timeout(LIMIT):
            return busy(RUNAWAY)

    def watched(interval):
        with QueryKiller(max_seconds=LIMIT, interval=interval, log=lambda line: None):
            return busy(RUNAWAY)

    result = [
        Row(CHAPTER, f"statement_timeout {LIMIT} s: limit+5% vs cancelled", "s", LIMIT * 1.05,
            median_elapsed(timed_out, runs), target=1),
    ]  # fmt: skip
    for interval in INTERVALS:
        cancelled = median_elapsed(lambda i=interval: watched(i), runs)
        case = f"watchdog {LIMIT} s every {interval} s: limit+interval vs cancelled"
        result.append(Row(CHAPTER, case, "s", LIMIT + interval, cancelled, target=1))
    return result
