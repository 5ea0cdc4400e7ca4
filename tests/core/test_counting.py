import pytest

from forum.models import Category

pytestmark = pytest.mark.django_db


def test_counts_exactly_until_exercise_01_is_written(monkeypatch):
    monkeypatch.setenv("WORKBOOK_ANSWERS", "exercises")
    count = Category.objects.approx_count()
    assert (type(count), count) == (int, Category.objects.count())


def test_uses_the_answer_to_exercise_01(monkeypatch, tmp_path):
    (tmp_path / "ex01_approximate_counts.py").write_text(
        "def approx_count(queryset):\n    return 42\n"
    )
    monkeypatch.setenv("WORKBOOK_ANSWERS", str(tmp_path))
    assert Category.objects.approx_count() == 42
