"""Right: the oldest runaway cancelled first, with a logger's lazy formatting."""

import operator


def kill_runaways(queries, *, max_seconds, role, application_name, dry_run, log):
    ours = [
        q for q in queries.running() if q.role == role and q.application_name == application_name
    ]
    runaways = sorted(
        (q for q in ours if q.age > max_seconds), key=operator.attrgetter("age"), reverse=True
    )
    for runaway in runaways:
        verb = "Would cancel" if dry_run else "Cancelled"
        if not dry_run:
            queries.cancel(runaway.pid)
        log(f"{verb} backend {runaway.pid}: {runaway.age:.1f} s, since {runaway.started:%T}")
    return runaways
