"""The batch grader on a class with one submission of every kind of trouble."""

import csv
import hashlib
import json
import shutil
import zipfile
from contextlib import contextmanager

import pytest

from tests.conftest import REPO_DIR
from workbench import batch
from workbench.batch import main
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.slow  # grades a class of 16 submissions

EX00 = "ex00_warm_up.py"
CHECK_SECONDS = 3  # each of the endless loop's 4 checks of ex00 runs this long; the others' < 1 s
SOLUTIONS = {path.name: path.read_text() for path in (REPO_DIR / "solutions").glob("ex*.py")}
NAIVE_EX00 = (
    "from forum.models import Post\n\ndef latest_posts():\n    return Post.objects.all()[:20]\n"
)
SUBMISSIONS = {
    "full": SOLUTIONS,
    "partial": {EX00: NAIVE_EX00},
    "syntax_error": {EX00: "def latest_posts(:\n    pass\n"},
    "import_error": {EX00: "import not_a_module_anywhere\n"},
    "missing_file": {name: text for name, text in SOLUTIONS.items() if name != EX00},
    "wrong_signature": {EX00: "def latest_posts(limit):\n    return []\n"},
    "endless_loop": {EX00: "def latest_posts():\n    while True:\n        pass\n"},
    "deep_recursion": {EX00: "def latest_posts():\n    return latest_posts()\n"},
    "os_exit": {EX00: "import os\n\nos._exit(3)\n"},
    "sys_exit": {EX00: "import sys\n\nsys.exit(0)\n"},
    "huge_output": {EX00: "print('x' * 50_000_000)\n"},
    "writes_outside": {
        EX00: "import shutil\n\nshutil.rmtree('tests', ignore_errors=True)\n"
        "with open('../escaped.txt', 'w') as file:\n    file.write('x')\n" + SOLUTIONS[EX00]
    },
    "alters_schema": {
        EX00: "from django.db import connection\n\nwith connection.cursor() as cursor:\n"
        "    cursor.execute('DROP TABLE forum_post')\n" + SOLUTIONS[EX00]
    },
}
HIDDEN_TEST = """
import pytest
from forum.selectors import latest_posts

@pytest.mark.django_db
@pytest.mark.points(2, hint="SECRET hint")
def test_secret_name():
    assert len(latest_posts()) == 20, "SECRET assertion"
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the class once; return the output folder, the grades by learner and the files."""
    root = tmp_path_factory.mktemp("class")
    submissions, out, hidden = root / "submissions", root / "out", root / "hidden"
    for learner, files in SUBMISSIONS.items():
        (submissions / learner).mkdir(parents=True)
        for name, text in files.items():
            (submissions / learner / name).write_text(text)
    zipfile.ZipFile(submissions / "empty.zip", "w").close()
    with zipfile.ZipFile(submissions / "nested.zip", "w") as archive:
        archive.writestr(f"alice/exercises/{EX00}", SOLUTIONS[EX00])
    (submissions / "not_a_zip.zip").write_text("hello")
    hidden.mkdir()
    (hidden / "test_ex00_hidden.py").write_text(HIDDEN_TEST)
    before = fingerprint(submissions)
    args = [str(submissions), "--out", str(out), "--hidden", str(hidden)]
    main([*args, "--test-timeout", str(CHECK_SECONDS), "--timeout", "60"])
    assert fingerprint(submissions) == before, "the grader changed a learner's files"
    with open(out / "grades.csv") as file:
        grades = {row["learner"]: row for row in csv.DictReader(file)}
    return out, grades


def fingerprint(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_grades_every_submission_in_one_csv(graded):
    _, grades = graded
    assert set(grades) == {*SUBMISSIONS, "empty", "nested", "not_a_zip"}
    assert len({row["max"] for row in grades.values()}) == 1
    assert grades["full"]["total"] == grades["full"]["max"]


@pytest.mark.parametrize(("learner", "ex00"), [("partial", 4), ("nested", 6), ("missing_file", 0)])
def test_scores_what_works(graded, learner, ex00):
    """ex00 is worth 6: 4 public points and 2 hidden."""
    grade, full = graded[1][learner], graded[1]["full"]
    assert int(grade["ex00"]) == ex00
    others = int(full["total"]) - 6 if learner == "missing_file" else 0
    assert int(grade["total"]) == ex00 + others


@pytest.mark.parametrize(
    ("learner", "reason"),
    [
        ("syntax_error", "SyntaxError"),
        ("import_error", "ModuleNotFoundError"),
        ("wrong_signature", "TypeError: latest_posts() missing 1 required positional argument"),
        ("endless_loop", f"ran over {CHECK_SECONDS} s: is there an endless loop?"),
        ("deep_recursion", "RecursionError"),
        ("sys_exit", "SystemExit"),
        ("huge_output", "File too large"),
        ("missing_file", "| ex00 | every check | not submitted | 0/6 | no ex00_*.py file in the"),
        ("alters_schema", "IntegrityError"),
    ],
)
def test_explains_each_failure(graded, learner, reason):
    out, _ = graded
    assert reason in (out / learner / "feedback.md").read_text()


def test_lists_a_check_that_ran_over_its_time_among_the_problems(graded):
    _, grades = graded
    problem = f"ex00: a check ran over {CHECK_SECONDS} s: is there an endless loop?"
    assert grades["endless_loop"]["problem"] == problem


@pytest.mark.parametrize(
    ("learner", "problem"),
    [
        ("os_exit", "ended early with exit code 3"),
        ("empty", "no exNN_*.py exercise file found"),
        ("not_a_zip", "not_a_zip.zip is not a valid zip file"),
    ],
)
def test_says_why_nothing_could_be_graded(graded, learner, problem):
    out, grades = graded
    assert grades[learner]["total"] == "0"
    assert problem in grades[learner]["problem"]
    assert problem in (out / learner / "feedback.md").read_text()


def test_never_shows_hidden_tests(graded):
    out, _ = graded
    for learner in ("full", "partial"):
        feedback = (out / learner / "feedback.md").read_text()
        results = (out / learner / "results.json").read_text()
        assert "| ex00 | hidden check 1 |" in feedback
        assert "SECRET" not in feedback + results
        assert "secret_name" not in feedback + results


def test_writes_gradescope_results(graded):
    out, _ = graded
    results = json.loads((out / "partial" / "results.json").read_text())
    assert results["score"] == 4
    assert {test["visibility"] for test in results["tests"]} == {"visible", "after_published"}
    assert sum(test["max_score"] for test in results["tests"]) == int(graded[1]["partial"]["max"])


def test_preflight_gives_the_same_full_marks_every_time_whatever_exercises_holds(tmp_path):
    """Graded again with the instructor's own answers in exercises/ (a solved clone), the
    solutions get the same grades: the canaries grade the stubs as solutions/ makes them, not
    the working copy, so nothing is called tampered."""
    main(["--answers", "solutions", "--out", str(tmp_path / "first")])  # exits unless full marks
    with exercises_solved():
        main(["--answers", "solutions", "--out", str(tmp_path / "again")])
    grades = [(tmp_path / run / "grades.csv").read_text() for run in ("first", "again")]
    assert grades[0] == grades[1]
    with open(tmp_path / "again" / "grades.csv") as file:
        (row,) = csv.DictReader(file)
    assert row["problem"] == ""


@contextmanager
def exercises_solved():
    """The repository's exercises/ holding the solutions, as an instructor's clone may; the
    stubs put back afterwards."""
    stubs = {path: path.read_text() for path in (REPO_DIR / "exercises").glob("ex*_*.py")}
    try:
        for path in stubs:
            shutil.copyfile(REPO_DIR / "solutions" / path.name, path)
        yield
    finally:
        for path, text in stubs.items():
            path.write_text(text)


def test_grades_unsandboxed_where_bubblewrap_is_missing_and_says_so(tmp_path, monkeypatch, capsys):
    missing = Sandbox("bubblewrap is not installed")
    monkeypatch.setattr(batch, "detect", lambda: missing)
    (tmp_path / "class" / "ada").mkdir(parents=True)
    (tmp_path / "class" / "ada" / EX00).write_text(SOLUTIONS[EX00])
    main([str(tmp_path / "class"), "--out", str(tmp_path / "out")])
    assert "WARNING: the learners' code runs as you" in capsys.readouterr().out
    with open(tmp_path / "out" / "grades.csv") as file:
        (row,) = csv.DictReader(file)
    assert (row["ex00"], row["problem"]) == ("4", "")  # full marks, graded all the same
    assert row["sandbox"] == "NONE, ran unsandboxed: bubblewrap is not installed"
