"""What the query killer's login role may see and cancel of another role's statements.

A role sees the full pg_stat_activity rows of its own sessions, and cancels their statements.
For another role's it needs pg_read_all_stats (or it sees no query_start, and kills nothing)
and pg_signal_backend (to cancel). Nobody but a superuser may cancel a superuser's statements.
"""

PRIVILEGES = """
    SELECT current_user,
           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
           pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),
           pg_has_role(current_user, 'pg_signal_backend', 'USAGE'),
           (SELECT rolsuper FROM pg_roles WHERE rolname = %(role)s),
           EXISTS (SELECT FROM pg_database WHERE datname = %(database)s)
"""
GRANT_HINT = "GRANT pg_signal_backend, pg_read_all_stats TO {killer} (manage.py create_roles does)"


def role_problems(cursor, role, database):
    """([what stops the killer from working], [what may be a mistake]) for killing `role`'s
    statements in `database`, as the role `cursor` is logged in as."""
    cursor.execute(PRIVILEGES, {"role": role, "database": database})
    killer, killer_super, reads_all, signals, app_super, database_exists = cursor.fetchone()
    problems, warnings = [], []
    if app_super is None:
        problems.append(f"There is no role {role!r} on this server: name the app's with --role.")
    if not database_exists:
        problems.append(f"There is no database {database!r}: name the app's with --database.")
    if app_super and not killer_super:
        problems.append(
            f"The app's role {role} is a superuser, whose statements only a superuser may "
            "cancel: run the app as a role of its own (manage.py create_roles)."
        )
    if role != killer and not killer_super and not (reads_all and signals):
        problems.append(
            f"{killer} may not see or cancel the statements of {role}: "
            + GRANT_HINT.format(killer=killer)
            + "."
        )
    if role == killer and reads_all and signals and not killer_super:
        warnings.append(
            f"{killer} looks like a dedicated killer role, and the killer matches its own "
            "statements only: name the app's role with --role."
        )
    return problems, warnings
