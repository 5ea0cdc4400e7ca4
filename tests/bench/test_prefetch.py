import pytest

from bench import prefetch

pytestmark = pytest.mark.django_db


def test_reports_queries_time_and_bytes_per_approach(monkeypatch):
    monkeypatch.setattr(prefetch, "SIZES", (20, 100))  # the tiny dataset has 30 posts
    rows = {(row.case, row.unit): row for row in prefetch.rows(repeat=1)}
    combined = [
        row for (case, unit), row in rows.items() if case.endswith("combined") and unit == "queries"
    ]
    assert [row.after for row in combined] == [2, 2]
    assert [row.before for row in combined] == [1 + 3 * 20, 1 + 3 * 30]  # N=100 shows all 30
    joined, prefetched = (
        rows["5,000 comments, JOIN x4 vs Prefetch", "MB"].before,
        rows["5,000 comments, JOIN x4 vs Prefetch", "MB"].after,
    )
    assert joined > prefetched > 0
    assert rows["feed N=20, naive vs combined", "ms"].target == 5
    assert rows["feed N=100, naive vs combined", "ms"].target is None  # 30 posts cannot make 100
