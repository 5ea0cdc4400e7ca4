"""Exercise 04: the query killer's kill step (reference)."""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    """Cancel the app's own statements running longer than max_seconds; return them."""
    runaways = [
        query
        for query in queries.running()
        if query.role == role
        and query.application_name == application_name
        and query.age > max_seconds
    ]
    for query in runaways:
        action = "would cancel" if dry_run else "cancelling"
        log(
            f"{action} pid {query.pid}: running {query.age:.2f} s since "
            f"{query.started:%H:%M:%S}: {query.query[:80]}"
        )
        if not dry_run:
            queries.cancel(query.pid)
    return runaways
