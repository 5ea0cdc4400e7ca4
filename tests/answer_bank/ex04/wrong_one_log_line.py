"""Wrong: one log line for all the statements cancelled, and it names none.

Fails: test_a_dry_run_logs_but_cancels_nothing, test_each_cancel_is_logged_on_a_line_with_its_pid
"""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    runaways = [
        q
        for q in queries.running()
        if q.role == role and q.application_name == application_name and q.age > max_seconds
    ]
    if not dry_run:
        for query in runaways:
            queries.cancel(query.pid)
    log(f"{len(runaways)} runaway statements")
    return runaways
