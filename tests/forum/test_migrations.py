"""Test databases are made from the models (--no-migrations, faster): the migrations must match."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_match_the_models(settings):
    settings.MIGRATION_MODULES = {}  # the project's own migrations, which --no-migrations hides
    output = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=output)
    assert "No changes detected" in output.getvalue()
