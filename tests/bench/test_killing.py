import pytest

from bench import killing

pytestmark = pytest.mark.django_db


def test_reports_the_timeout_and_two_watchdog_intervals_against_their_budgets(settings):
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["solutions"]
    rows = killing.rows(repeat=1)
    assert [row.before for row in rows] == [0.5 * 1.05, 0.5 + 0.25, 0.5 + 1.0]
    assert all(row.target == 1 and killing.LIMIT <= row.after < killing.RUNAWAY for row in rows)
