import pytest
from django.contrib.admin.sites import site

from core.admin import ModelAdmin
from core.paginator import ApproximatePaginator

pytestmark = pytest.mark.django_db


def test_every_forum_admin_builds_on_the_project_base():
    forum_admins = [
        admin for model, admin in site._registry.items() if model._meta.app_label == "forum"
    ]
    assert len(forum_admins) == 4
    assert all(isinstance(admin, ModelAdmin) for admin in forum_admins)


def test_the_changelist_counts_once_through_the_paginator(admin_client, settings, tmp_path):
    (tmp_path / "ex01_approximate_counts.py").write_text(
        "from core.estimates import ApproximateCount\n\n"
        "def approx_count(queryset):\n    return ApproximateCount(queryset.count())\n"
    )
    settings.WORKBOOK_ANSWERS = tmp_path
    page = admin_client.get("/admin/forum/comment/").content.decode()
    assert "about 300 comments" in page


def test_the_paginator_falls_back_to_len_for_lists():
    assert ApproximatePaginator(list(range(7)), 5).count == 7
