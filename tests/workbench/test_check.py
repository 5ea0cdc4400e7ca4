import pytest

from workbench.check import check
from workbench.errors import WorkbookError

TYPO = (
    "from forum.models import Post\n\n"
    "def latest_posts():\n"
    "    return Post.objects.select_related('user')[:20]\n"
)


def test_grades_the_solutions_in_full(settings):
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["solutions"]
    result = check("ex00")
    assert result.headline() == "ex00: 4/4 points, all public checks passed"
    assert ">✓</b></td><td" in result._repr_html_()


def test_an_unwritten_stub_is_said_once_with_its_file_and_line(settings):
    settings.WORKBOOK_ANSWERS = settings.ANSWERS_FOLDERS["exercises"]
    shown = str(check("ex00"))
    assert shown.splitlines()[0] == "ex00: 0/4 points, keep going"
    assert shown.count("is not written yet") == 1
    assert "(ex00_warm_up.py, line " in shown


def test_shows_the_hint_and_the_learners_own_error(settings, tmp_path):
    (tmp_path / "ex00_warm_up.py").write_text(TYPO)
    settings.WORKBOOK_ANSWERS = tmp_path
    result = check("ex00")
    html = result._repr_html_()
    assert "fetch the authors in the same query" in html
    assert "FieldError: Invalid field name(s) given in select_related: &#x27;user&#x27;" in html
    assert "Start from" not in html
    assert next(result.rows())[2] == "The page lists the 20 newest posts"


def test_names_the_exercise_format():
    with pytest.raises(WorkbookError, match="exercises are named like 'ex00'"):
        check("warm-up")
