import pytest
from django.contrib import admin

from forum.models import Comment
from workbench.changelists import changelist
from workbench.measure import measure

pytestmark = pytest.mark.django_db


def test_renders_the_projects_changelist_as_a_superuser():
    response = changelist(Comment)(page=2)
    assert response.status_code == 200
    assert "Select comment to change" in response.content.decode()


def test_renders_with_djangos_own_model_admin():
    with measure(show=False) as measured:
        changelist(Comment, admin.ModelAdmin)()
    counts = [query.sql for query in measured.queries if "COUNT(" in query.sql]
    assert len(counts) == 2  # "N results (M total)" and the paginator
