import importlib
import json

import pytest

from workbench.errors import WorkbookError
from workbench.progress import progress, reset
from workbench.stubs import SOLUTIONS

progress_module = importlib.import_module("workbench.progress")  # not the function of that name


@pytest.fixture
def exercises(tmp_path, monkeypatch):
    """A learner's exercises/ folder in tmp_path, holding every stub."""
    folder = tmp_path / "exercises"
    monkeypatch.setattr(progress_module, "EXERCISES", folder)
    monkeypatch.setattr(progress_module, "KEPT", folder / "kept")
    folder.mkdir()
    for solution in SOLUTIONS.glob("ex*_*.py"):
        reset(solution.name[:4])
    return folder


def test_untouched_stubs_are_not_started_and_need_no_grading(exercises):
    shown = progress()
    assert [standing.status for standing in shown] == ["not started"] * 5
    assert str(shown).splitlines()[1].startswith("ex00      the latest posts page")


PROGRESS_IN_A_KERNEL = """
import django, importlib, json, os
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "workshop.settings"
django.setup()
progress = importlib.import_module("workbench.progress")
progress.EXERCISES = Path({folder!r})
print(json.dumps({{s.exercise: s.status for s in progress.progress()}}))
"""


@pytest.mark.slow  # a user's path, in processes of its own
def test_a_started_exercise_shows_its_points(exercises, run_python):
    """As a kernel runs it: grading may need the learner's database (a schema on PostgreSQL)."""
    (exercises / "ex00_warm_up.py").write_text((SOLUTIONS / "ex00_warm_up.py").read_text())
    done = run_python("-c", PROGRESS_IN_A_KERNEL.format(folder=str(exercises)))
    assert done.returncode == 0, done.stderr
    standings = json.loads(done.stdout.splitlines()[-1])
    assert standings["ex00"] == "4/4 points, done"
    assert standings["ex01"] == "not started"


def test_reset_keeps_the_learners_version_beside_the_stub(exercises, capsys):
    mine = exercises / "ex02_background_fill.py"
    mine.write_text("MY = 'answer'\n")
    reset("ex02")
    (kept,) = (exercises / "kept").glob("ex02_background_fill-*.py")
    assert kept.read_text() == "MY = 'answer'\n"
    assert 'raise NotWrittenYet("ex02")' in mine.read_text()
    assert "your version is kept in exercises/kept/ex02_background_fill-" in capsys.readouterr().out


def test_reset_names_the_exercise_format(exercises):
    with pytest.raises(WorkbookError, match="exercises are named like 'ex00'"):
        reset("background fill")
