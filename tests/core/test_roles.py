"""manage.py create_roles and create_database, run as a user runs them."""

import pytest
from django.db import connection

from tests.core.conftest import (
    database_url,
    drop_databases,
    drop_roles,
    manage,
    postgres_session,
    unique,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles"),
]
ATTRIBUTES = (
    "SELECT rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles WHERE rolname = %s"
)
MEMBER_OF = """
    SELECT array_agg(parent.rolname ORDER BY parent.rolname) FROM pg_auth_members
    JOIN pg_roles parent ON parent.oid = roleid JOIN pg_roles member ON member.oid = member
    WHERE member.rolname = %s
"""


@pytest.fixture
def names():
    """The app's role, the killer's and a learner's database, of this run; dropped after."""
    app, killer, learner = unique("app"), unique("killer"), unique("workbook_learner")
    yield app, killer, learner
    drop_databases([learner])
    drop_roles([app, killer])


@pytest.mark.usefixtures("may_create_roles")
def test_makes_a_least_privilege_app_and_killer_and_is_idempotent(names):
    app, killer, learner = names
    args = ["create_roles", "--app", app, "--killer", killer, "--database", learner]
    first, again = (manage(*args, DATABASE_URL=database_url()) for _ in range(2))
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert f"Created role {app}" in first.stdout
    assert f"Updated role {app}" in again.stdout
    with postgres_session() as session:
        assert session.execute(ATTRIBUTES, [app]).fetchone() == (False, False, True, True)
        assert session.execute(ATTRIBUTES, [killer]).fetchone() == (False, False, False, True)
        assert session.execute(MEMBER_OF, [killer]).fetchone()[0] == [
            "pg_read_all_stats",
            "pg_signal_backend",
        ]
        assert session.execute(MEMBER_OF, [app]).fetchone()[0] is None
        owner = "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s"
        assert session.execute(owner, [learner]).fetchone() == (app,)


@pytest.mark.usefixtures("may_create_roles")
def test_the_app_role_creates_its_own_database_on_first_use_and_migrates(names):
    """A learner on a shared server: DATABASE_URL names no database, so it is workbook_<user>."""
    app, killer, learner = names
    assert manage("create_roles", "--app", app, "--killer", killer,
                  DATABASE_URL=database_url()).returncode == 0  # fmt: skip
    server = database_url(user=app).rsplit("/", 1)[0]
    as_learner = {"DATABASE_URL": server, "USER": learner.removeprefix("workbook_"),
                  "LOGNAME": learner.removeprefix("workbook_")}  # fmt: skip
    created = manage("create_database", **as_learner)
    assert created.stdout.strip() == f"Created the database {learner}.", created.stderr
    assert manage("create_database", **as_learner).stdout == ""
    migrated = manage("migrate", "--verbosity", "0", **as_learner)
    assert migrated.returncode == 0, migrated.stderr


def test_says_what_to_ask_for_when_the_role_may_not_create_its_database(create_role):
    role = create_role("nocreatedb")
    missing = manage("create_database", DATABASE_URL=database_url(role, unique("nowhere")))
    assert missing.returncode == 1
    assert f"create_roles --database {unique('nowhere')}" in missing.stderr
    assert "Traceback" not in missing.stderr
