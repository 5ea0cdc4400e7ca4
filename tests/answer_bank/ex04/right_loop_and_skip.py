"""Right: one loop that skips what is not the app's, and returns a tuple."""


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    picked = []
    for query in queries.running():
        if query.role != role or query.application_name != application_name:
            continue
        if query.age <= max_seconds:
            continue
        picked.append(query)
        log(f"pid={query.pid} age={query.age:.3f}s started={query.started.isoformat()}")
        if dry_run:
            continue
        queries.cancel(query.pid)
    return tuple(picked)
