"""Settings come from the environment, with defaults safe for a laptop and refused on a server."""

import pytest
from django.db import connection

from forum import seeding

MANAGE = "workshop_project/manage.py"
SHOW = "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.CONN_MAX_AGE)"


def show_settings(run_python, **env):
    return run_python(MANAGE, "shell", "--no-startup", "-c", SHOW.replace(
        "s.CONN_MAX_AGE", "s.DATABASES['default']['CONN_MAX_AGE']"), **env)  # fmt: skip


@pytest.mark.slow  # a user's path, in processes of its own
def test_no_configuration_is_a_workbook_on_a_laptop(run_python):
    shown = show_settings(run_python)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1] == "True ['localhost', '127.0.0.1', 'testserver'] 0"


@pytest.mark.slow  # a user's path, in processes of its own
def test_debug_off_refuses_the_development_key_and_names_the_fix(run_python):
    refused = run_python(MANAGE, "check", DEBUG="false")
    assert refused.returncode == 1
    assert refused.stderr.startswith("DEBUG is off but SECRET_KEY is")
    assert "Traceback" not in refused.stderr


@pytest.mark.slow  # a user's path, in processes of its own
def test_a_server_sets_debug_hosts_and_connection_age_from_the_environment(run_python):
    shown = show_settings(
        run_python, DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="forum.example.org",
        CONN_MAX_AGE="60",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1] == "False ['forum.example.org'] 60"


@pytest.mark.parametrize(
    ("engine", "host", "local"),
    [
        ("sqlite3", "", True),
        ("postgresql", "", True),
        ("postgresql", "/var/run/postgresql", True),
        ("postgresql", "127.0.0.1", True),
        ("postgresql", "db.example.org", False),
        ("postgresql", "10.0.0.5", False),
    ],
)
def test_a_local_database_is_one_on_this_machine(engine, host, local):
    database = {"ENGINE": f"django.db.backends.{engine}", "HOST": host}
    assert seeding.is_local_database(database) is local


@pytest.mark.django_db
def test_admin_admin_is_not_made_on_a_remote_database(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "ENGINE", "django.db.backends.postgresql")
    monkeypatch.setitem(connection.settings_dict, "HOST", "db.example.org")
    assert seeding.ensure_admin() is False


@pytest.mark.slow  # a user's path, in processes of its own
def test_the_seed_command_says_whether_it_made_admin_admin(run_python):
    assert run_python(MANAGE, "migrate", "--verbosity", "0").returncode == 0
    seeded = run_python(MANAGE, "seed", "tiny")
    assert seeded.returncode == 0, seeded.stderr
    assert "admin / admin (made for a local workbook database only)" in seeded.stdout
