"""Issue 14's timing: grade 30 generated submissions, sandboxed, on this machine's cores.

The class is typical: full, partial and broken answers, and one endless loop, which must cost
its own timeout (the per-check timeout, then a normal submission's time), not the class's.
"""

import statistics
import tempfile
import time
from pathlib import Path

from bench.report import Row
from workbench.batch import REPO_DIR, Limits, grade_all
from workbench.sandbox import detect
from workbench.submissions import find_submissions

CHAPTER = "grading"
CLASS_SIZE = 30
SUBMISSION_BUDGET_S = 10
CLASS_BUDGET_S = 90
KINDS = {
    "full": {path.name: path.read_text() for path in (REPO_DIR / "solutions").glob("ex*.py")},
    "partial": {"ex00_warm_up.py": "def latest_posts():\n    return []\n"},
    "broken": {"ex00_warm_up.py": "def latest_posts(:\n"},
}
LOOPING = {"ex00_warm_up.py": "def latest_posts():\n    while True:\n        pass\n"}


def write_class(folder):
    """CLASS_SIZE learners of the typical kinds in turn, the last one looping."""
    kinds = list(KINDS.items())
    for number in range(CLASS_SIZE):
        kind, files = kinds[number % len(kinds)] if number < CLASS_SIZE - 1 else ("loop", LOOPING)
        learner = folder / f"learner{number:02d}_{kind}"
        learner.mkdir()
        for name, text in files.items():
            (learner / name).write_text(text)


def rows(repeat):
    limits = Limits()
    with tempfile.TemporaryDirectory() as root:
        submissions, workdir = Path(root) / "class", Path(root) / "work"
        submissions.mkdir()
        workdir.mkdir()
        write_class(submissions)
        start = time.perf_counter()
        grades = list(grade_all(find_submissions(submissions), workdir, limits))
        wall = time.perf_counter() - start
    looping = next(grade for grade in grades if grade.learner.endswith("_loop"))
    median = statistics.median(grade.seconds for grade in grades if grade is not looping)
    sandbox = "sandboxed" if detect().sandboxed else "UNSANDBOXED"
    loop_budget = limits.test_seconds + SUBMISSION_BUDGET_S
    return [
        Row(CHAPTER, f"one submission ({sandbox}, median) vs {SUBMISSION_BUDGET_S} s", "s",
            SUBMISSION_BUDGET_S, median, target=1),
        Row(CHAPTER, f"{CLASS_SIZE} submissions, {limits.jobs} at once, vs {CLASS_BUDGET_S} s", "s",
            CLASS_BUDGET_S, wall, target=1),
        Row(CHAPTER, f"endless loop vs {limits.test_seconds:g} s timeout + one submission", "s",
            loop_budget, looping.seconds, target=1),
    ]  # fmt: skip
