"""Wrong: cancels the right statements but returns nothing.

Fails: test_the_statements_picked_are_returned,
test_the_watchdog_cancels_a_real_runaway_and_the_app_goes_on
"""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    for query in queries.running():
        ours = query.role == role and query.application_name == application_name
        if ours and query.age > max_seconds:
            log(f"cancelling pid {query.pid}: {query.age:.1f} s since {query.started}")
            if not dry_run:
                queries.cancel(query.pid)
