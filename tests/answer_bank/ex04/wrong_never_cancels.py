"""Wrong: logs the runaways, and leaves them running.

Fails: test_the_apps_statements_over_the_limit_are_cancelled,
test_statements_under_the_limit_survive, test_another_roles_statement_survives,
test_a_session_of_another_application_survives, test_a_dry_run_logs_but_cancels_nothing,
test_the_watchdog_cancels_a_real_runaway_and_the_app_goes_on
"""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    runaways = [
        q
        for q in queries.running()
        if q.role == role and q.application_name == application_name and q.age > max_seconds
    ]
    for query in runaways:
        log(f"runaway pid {query.pid}: {query.age:.1f} s since {query.started}")
    return runaways
