"""Answer 503 Service Unavailable, not 500, when the database cancelled a request's query, or
had no connection left for it."""

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render

CANCELLED_SQLSTATES = {"57014", "57P01"}  # PostgreSQL: query_canceled, admin_shutdown
FULL_SQLSTATES = {"53300", "57P03"}  # PostgreSQL: too_many_connections, cannot_connect_now


def was_cancelled(error):
    """Whether a database error is a cancelled statement (a timeout or the query killer)."""
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate in CANCELLED_SQLSTATES or str(error) == "interrupted"  # SQLite


def was_full(error):
    """Whether a database error is a server that takes no more connections for now."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return isinstance(error, OperationalError) and sqlstate in FULL_SQLSTATES


class QueryCancelledMiddleware:
    """Turn a cancelled query, or a database with no connection to spare, into a 503 with
    Retry-After: the client may try again later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if was_cancelled(exception) or was_full(exception):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
            return response
        return None
