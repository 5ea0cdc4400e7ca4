import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
REPORT = reverse("forum:co-commenters")


def test_a_cancelled_report_answers_503_with_retry_after(client, settings):
    settings.REPORT_TIMEOUT = 0.001
    response = client.get(REPORT, {"q": "latency"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)
    assert b"The database is busy" in response.content


def test_the_next_request_works(client, settings):
    settings.REPORT_TIMEOUT = 0.001
    client.get(REPORT)
    settings.REPORT_TIMEOUT = 30
    response = client.get(REPORT, {"q": "latency"})
    assert response.status_code == 200
    assert b"comments</li>" in response.content


def test_only_cancelled_queries_count_as_cancelled():
    from django.db import DatabaseError, OperationalError

    from core.middleware import was_cancelled

    assert was_cancelled(OperationalError("interrupted"))
    assert not was_cancelled(OperationalError("database is locked"))
    assert not was_cancelled(DatabaseError("interrupted"))
