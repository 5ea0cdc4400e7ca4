import dataclasses

import pytest

from bench import caching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def short_runs(settings, monkeypatch):
    """The solutions' background fill, under a fifth of the benchmark's traffic and calls."""
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["solutions"]
    monkeypatch.setattr(caching, "REQUESTS", 200)
    monkeypatch.setattr(caching, "CALLS", 2000)
    monkeypatch.setattr(caching, "WARM", 5)


def test_reports_each_percentile_with_a_target_on_p99_of_the_default_dataset(monkeypatch):
    tiny_is_default = dataclasses.replace(caching.SIZES["workshop"], comments=300)
    monkeypatch.setitem(caching.SIZES, "workshop", tiny_is_default)
    percentiles = caching.rows(repeat=1)[:3]
    assert [row.case.rsplit(", ", 1)[1] for row in percentiles] == ["p50", "p95", "p99"]
    assert [row.target for row in percentiles] == [1, None, 10]
    assert all(row.before > 0 and row.after > 0 for row in percentiles)


def test_reports_the_extension_points_cost_against_its_budget_and_a_bare_cache_read():
    resolved, card = caching.seam_rows()
    assert (resolved.before, resolved.unit, resolved.target) == (5, "µs", 1)
    assert 0 < resolved.after < card.after
    assert card.before > 0
    assert card.target == pytest.approx(1 / 1.1)
