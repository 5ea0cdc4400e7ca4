"""Wrong: the app's role OR its application_name, where both must match.

Fails: test_another_roles_statement_survives, test_a_session_of_another_application_survives
"""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    runaways = [
        q
        for q in queries.running()
        if (q.role == role or q.application_name == application_name) and q.age > max_seconds
    ]
    for query in runaways:
        log(f"cancelling pid {query.pid}: {query.age:.1f} s since {query.started}")
        if not dry_run:
            queries.cancel(query.pid)
    return runaways
