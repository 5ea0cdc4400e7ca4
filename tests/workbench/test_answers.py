import pytest

from workbench.answers import NotWrittenYet, load_answer
from workbench.errors import WorkbookError


def test_loads_the_learners_exercises_by_default(monkeypatch):
    monkeypatch.delenv("WORKBOOK_ANSWERS", raising=False)
    with pytest.raises(NotWrittenYet, match=r'Exercise ex00 is not written yet.*check\("ex00"\)'):
        load_answer("ex00").latest_posts()


@pytest.mark.django_db
def test_loads_the_solutions_on_request(monkeypatch):
    monkeypatch.setenv("WORKBOOK_ANSWERS", "solutions")
    assert len(load_answer("ex00").latest_posts()) == 20


def test_loads_any_folder_and_rereads_edits(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBOOK_ANSWERS", str(tmp_path))
    answer = tmp_path / "ex00_warm_up.py"
    answer.write_text("ANSWER = 1\n")
    assert load_answer("ex00").ANSWER == 1
    answer.write_text("ANSWER = 2\n")
    assert load_answer("ex00").ANSWER == 2


def test_names_the_valid_choices_for_a_bad_folder(monkeypatch):
    monkeypatch.setenv("WORKBOOK_ANSWERS", "solution")
    with pytest.raises(WorkbookError, match="use 'exercises', 'solutions' or the path"):
        load_answer("ex00")


def test_says_which_exercise_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBOOK_ANSWERS", str(tmp_path))
    with pytest.raises(WorkbookError, match=r"No ex00_\*\.py file in"):
        load_answer("ex00")
