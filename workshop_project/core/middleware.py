"""Answer 503 Service Unavailable, not 500, when the database cancelled a request's query."""

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render

CANCELLED_SQLSTATES = {"57014", "57P01"}  # PostgreSQL: query_canceled, admin_shutdown


def was_cancelled(error):
    """Whether a database error is a cancelled statement (a timeout or the query killer)."""
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate in CANCELLED_SQLSTATES or str(error) == "interrupted"  # SQLite


class QueryCancelledMiddleware:
    """Turn a cancelled query into a 503 with Retry-After: the client may try again later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if was_cancelled(exception):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
            return response
        return None
