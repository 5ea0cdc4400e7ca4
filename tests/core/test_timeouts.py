import pytest
from django.db import connection

from core.middleware import was_cancelled
from core.timeouts import statement_timeout
from forum.models import Comment
from workbench.runaway import busy

pytestmark = pytest.mark.django_db


def test_a_statement_over_the_limit_is_cancelled_at_the_limit():
    with statement_timeout(0.3):
        elapsed, error = busy(3)
    assert was_cancelled(error)
    assert 0.3 <= elapsed < 0.3 * 1.05 + 0.05


def test_a_statement_under_the_limit_completes():
    with statement_timeout(2):
        error = busy(0.2)[1]
    assert error is None


def test_none_lifts_the_limit_and_the_connection_stays_usable():
    with statement_timeout(0.2):
        busy(1)
    with statement_timeout(None):
        assert busy(0.4)[1] is None
    assert Comment.objects.exists()


def test_the_limit_ends_with_the_block():
    with statement_timeout(0.2):
        pass
    assert busy(0.4)[1] is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgres_sessions_carry_the_global_limit_and_the_apps_name(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.STATEMENT_TIMEOUT:g}s"
        cursor.execute("SHOW application_name")
        assert cursor.fetchone()[0] == settings.DATABASE_APPLICATION_NAME
