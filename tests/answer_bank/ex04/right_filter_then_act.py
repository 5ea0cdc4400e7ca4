"""Right: a predicate of its own, filter(), and the log line written with %-formatting."""


def is_runaway(query, max_seconds, role, application_name):
    return (query.role, query.application_name) == (role, application_name) and (
        query.age >= max_seconds
    )


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    picked = list(
        filter(lambda q: is_runaway(q, max_seconds, role, application_name), queries.running())
    )
    for query in picked:
        log("%s pid %d after %.1f s (started %s)" % (  # noqa: UP031
            "dry run, would cancel" if dry_run else "cancel", query.pid, query.age, query.started
        ))  # fmt: skip
    if not dry_run:
        for query in picked:
            queries.cancel(query.pid)
    return picked
