"""Wrong: a dry run cancels anyway.

Fails: test_a_dry_run_logs_but_cancels_nothing
"""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    runaways = [
        q
        for q in queries.running()
        if q.role == role and q.application_name == application_name and q.age > max_seconds
    ]
    for query in runaways:
        log(f"cancelling pid {query.pid}: {query.age:.1f} s since {query.started}")
        queries.cancel(query.pid)
    return runaways
