"""Issue 7's timing: grade 30 generated submissions (full, partial and broken) on this machine."""

import statistics
import tempfile
import time
from pathlib import Path

from bench.report import Row
from workbench.batch import REPO_DIR, Limits, grade_all
from workbench.submissions import find_submissions

CHAPTER = "grading"
CLASS_SIZE = 30
SUBMISSION_BUDGET_S = 20
CLASS_BUDGET_S = 180
KINDS = {
    "full": {path.name: path.read_text() for path in (REPO_DIR / "solutions").glob("ex*.py")},
    "partial": {"ex00_warm_up.py": "def latest_posts():\n    return []\n"},
    "broken": {"ex00_warm_up.py": "def latest_posts(:\n"},
}


def write_class(folder):
    kinds = list(KINDS.items())
    for number in range(CLASS_SIZE):
        kind, files = kinds[number % len(kinds)]
        learner = folder / f"learner{number:02d}_{kind}"
        learner.mkdir()
        for name, text in files.items():
            (learner / name).write_text(text)


def rows(repeat):
    with tempfile.TemporaryDirectory() as root:
        submissions, workdir = Path(root) / "class", Path(root) / "work"
        submissions.mkdir()
        workdir.mkdir()
        write_class(submissions)
        start = time.perf_counter()
        grades = list(grade_all(find_submissions(submissions), workdir, Limits()))
        wall = time.perf_counter() - start
    median = statistics.median(grade.seconds for grade in grades)
    return [
        Row(CHAPTER, f"one submission (median) vs {SUBMISSION_BUDGET_S} s budget", "s",
            SUBMISSION_BUDGET_S, median, target=1),
        Row(CHAPTER, f"{CLASS_SIZE} submissions vs {CLASS_BUDGET_S} s budget", "s",
            CLASS_BUDGET_S, wall, target=1),
    ]  # fmt: skip
