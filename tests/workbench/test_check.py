import pytest

from workbench.check import check
from workbench.errors import WorkbookError


def test_grades_the_solutions_in_full(monkeypatch):
    monkeypatch.setenv("WORKBOOK_ANSWERS", "solutions")
    result = check("ex00")
    assert result.headline() == "ex00: 4/4 points, all public checks passed"
    assert "<td>✓</td>" in result._repr_html_()


def test_shows_a_hint_for_each_failed_check(monkeypatch):
    monkeypatch.setenv("WORKBOOK_ANSWERS", "exercises")
    result = check("ex00")
    assert result.headline() == "ex00: 0/4 points, keep going"
    assert all(hint for mark, name, points, hint in result.rows())


def test_names_the_exercise_format():
    with pytest.raises(WorkbookError, match="exercises are named like 'ex00'"):
        check("warm-up")
