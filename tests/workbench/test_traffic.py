import pytest

from workbench.answers import answers
from workbench.traffic import OUTCOMES, simulate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def traffic(django_db_blocker):
    with django_db_blocker.unblock(), answers("solutions"):
        strategies = ["cache-aside", "background fill"]
        return simulate(strategies, requests=200, rate=2000, progress=False)


def test_every_request_is_timed_and_classified(traffic):
    for run in traffic:
        assert len(run.requests) == 200
        assert all(r.ms > 0 and r.outcome in OUTCOMES for r in run.requests)


def test_cache_aside_computes_in_the_request_and_background_fill_never(traffic):
    assert traffic["cache-aside"].share("computed in request") > 0
    assert traffic["background fill"].share("computed in request") == 0
    assert traffic["background fill"].share("placeholder") > 0


def test_background_fill_queues_fewer_refreshes_than_requests_missed(traffic):
    run = traffic["background fill"]
    missed = sum(r.outcome in ("placeholder", "stale") for r in run.requests)
    assert 0 < len(run.queued) < missed  # one refresh per author while one is pending
    assert run.refreshed  # the in-process worker ran some


def test_percentiles_grow(traffic):
    for run in traffic:
        assert run.percentile(50) <= run.percentile(95) <= run.percentile(99)


def test_shows_a_table_and_charts(traffic):
    assert "p99 ms" in traffic._repr_html_()
    for chart in (traffic.timeline("background fill"), traffic.staleness()):
        assert chart._repr_html_().startswith('<img src="data:image/png;base64,')


def test_unknown_strategy_is_refused():
    with pytest.raises(ValueError, match="Unknown strategies"):
        simulate(["write-through"])
