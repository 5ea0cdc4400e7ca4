import pytest

from bench import counting

pytestmark = pytest.mark.django_db


def test_reports_counts_and_changelists(settings):
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["solutions"]
    settings.APPROX_COUNT_THRESHOLD = 100
    rows = {row.unit: row for row in counting.rows(repeat=1) if "changelist" in row.case}
    assert (rows["COUNTs"].before, rows["COUNTs"].after) == (2, 0)
    assert all(row.target is None for row in rows.values())  # targets hold at 1M+ on PostgreSQL
