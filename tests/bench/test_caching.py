import dataclasses

import pytest

from bench import caching

pytestmark = pytest.mark.django_db


def test_reports_each_percentile_with_a_target_on_p99_of_the_default_dataset(monkeypatch):
    tiny_is_default = dataclasses.replace(caching.SIZES["workshop"], comments=300)
    monkeypatch.setitem(caching.SIZES, "workshop", tiny_is_default)
    rows = caching.rows(repeat=1)
    assert [row.case.rsplit(", ", 1)[1] for row in rows] == ["p50", "p95", "p99"]
    assert [row.target for row in rows] == [None, None, 10]
    assert all(row.before > 0 and row.after > 0 for row in rows)


def test_sets_no_target_on_a_smaller_dataset():
    assert all(row.target is None for row in caching.rows(repeat=1))
