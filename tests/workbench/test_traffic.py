import pytest
from django.test import override_settings

from workbench.answers import answers
from workbench.errors import WorkbookError
from workbench.traffic import OUTCOMES, simulate

pytestmark = pytest.mark.django_db
REQUESTS, RATE = 200, 400
SLOW_MS_PER_COMMENT = 5  # computing the busiest tiny author's statistics takes about 0.5 s


@pytest.fixture(scope="module")
def traffic(django_db_setup, django_db_blocker):
    """Cache-aside with a slow function, then background fill (its worker need not be slow)."""
    slow = override_settings(AUTHOR_STATS_MS_PER_COMMENT=SLOW_MS_PER_COMMENT)
    with django_db_blocker.unblock(), answers("solutions"):
        with slow:
            aside = simulate(["cache-aside"], requests=REQUESTS, rate=RATE, progress=False)
        return aside + simulate(["background fill"], requests=REQUESTS, rate=RATE, progress=False)


@pytest.fixture(scope="module")
def warmed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), answers("solutions"):
        return simulate(["background fill"], requests=50, rate=RATE, warm=5, progress=False)


def test_every_request_is_timed_and_classified_in_the_order_it_was_due(traffic):
    for run in traffic:
        assert len(run.requests) == REQUESTS
        assert all(r.ms > 0 and r.outcome in OUTCOMES for r in run.requests)
        assert [r.due for r in run.requests] == [n / RATE for n in range(REQUESTS)]


def test_the_replay_keeps_to_its_schedule_whatever_each_request_costs(traffic):
    """Cache-aside computes for seconds in its requests and background fill does not, yet both
    issue every request when it is due, not when an earlier one ends: one after the other,
    cache-aside's computations alone would put the last request seconds late."""
    computed = [r.ms for r in traffic["cache-aside"].requests if r.outcome == "computed in request"]
    assert sum(computed) / 1000 > 3
    for run in traffic:
        assert run.issued_late < 0.5
        assert run.seconds >= (REQUESTS - 1) / RATE


def test_cache_aside_computes_in_the_request_and_background_fill_never(traffic):
    assert traffic["cache-aside"].share("computed in request") > 0
    assert traffic["background fill"].share("computed in request") == 0
    assert traffic["background fill"].share("placeholder") > 0


def test_background_fill_queues_fewer_refreshes_than_requests_missed(traffic):
    run = traffic["background fill"]
    missed = sum(r.outcome in ("placeholder", "stale") for r in run.requests)
    assert 0 < len(run.queued) < missed  # one refresh per author while one is pending


def test_warming_caches_the_busiest_authors_ahead_of_the_traffic(warmed):
    run = warmed["background fill, 5 warmed"]
    assert run.warmed == 5
    busiest = max(r.comments for r in run.requests)
    assert all(r.outcome != "placeholder" for r in run.requests if r.comments == busiest)
    assert run.share("placeholder") < 1


def test_percentiles_grow_and_the_slowest_are_the_tail(traffic):
    for run in traffic:
        assert run.percentile(50) <= run.percentile(95) <= run.percentile(99)
        assert min(r.ms for r in run.slowest(0.01)) >= run.percentile(99) * 0.99


def test_shows_a_table_with_outcomes_and_charts(traffic):
    shown = traffic._repr_html_()
    assert "<th>p99 ms</th>" in shown
    assert "<th>placeholder</th>" in shown
    for chart in (traffic.timeline("background fill"), traffic.staleness()):
        assert chart._repr_html_().startswith('<img src="data:image/png;base64,')


def test_an_unwritten_background_fill_says_so_in_a_sentence_at_once(django_db_blocker):
    unwritten = pytest.raises(WorkbookError, match="Exercise ex02 is not written yet")
    with django_db_blocker.unblock(), answers("exercises"), unwritten:
        simulate(["background fill"], requests=1000, rate=100, progress=False)  # 10 s, if replayed


def test_unknown_strategy_is_refused():
    with pytest.raises(ValueError, match="Unknown strategies"):
        simulate(["write-through"])
