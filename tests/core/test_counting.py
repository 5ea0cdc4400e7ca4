import pytest

from forum.models import Category

pytestmark = pytest.mark.django_db


def test_counts_exactly_as_written(settings):
    settings.WORKBOOK_ANSWERS = None
    count = Category.objects.approx_count()
    assert (type(count), count) == (int, Category.objects.count())


def test_every_queryset_counts_with_the_answer_to_exercise_01(settings, tmp_path):
    (tmp_path / "ex01_approximate_counts.py").write_text(
        "def approx_count(queryset):\n    return 42\n"
    )
    settings.WORKBOOK_ANSWERS = tmp_path
    assert Category.objects.approx_count() == 42
    assert Category.objects.filter(name__contains="x").approx_count() == 42
