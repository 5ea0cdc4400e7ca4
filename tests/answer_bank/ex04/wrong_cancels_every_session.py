"""Wrong: cancels every statement over the limit, whoever runs it.

Fails: test_another_roles_statement_survives, test_a_session_of_another_application_survives
"""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    runaways = [query for query in queries.running() if query.age > max_seconds]
    for query in runaways:
        log(f"cancelling pid {query.pid} ({query.age:.1f} s since {query.started})")
        if not dry_run:
            queries.cancel(query.pid)
    return runaways
