"""check("ex00"): run an exercise's autograder tests on the current answers, in a new process.

A new process reads the learner's file afresh, and a crash or endless loop in it cannot hang
the notebook's kernel.
"""

import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from workbench.errors import WorkbookError
from workbench.grading import points

TIMEOUT_SECONDS = 120
QUIET = ["--tb=no", "--quiet", "-p", "no:cacheprovider"]
MARKS = {"passed": "✓", "skipped": "-"}  # anything else failed: ✗


class CheckResult(list):
    """The graded tests of one exercise, as the grading plugin reported them."""

    def __init__(self, exercise, tests):
        super().__init__(tests)
        self.exercise = exercise

    def headline(self):
        earned, total = points(self)
        # Instructors may grade with hidden tests too: say only what was checked here.
        verdict = "all public checks passed" if earned == total else "keep going"
        return f"{self.exercise}: {earned}/{total} points, {verdict}"

    def rows(self):
        """(mark, test name, points, hint shown only when the test did not pass) per test."""
        for test in self:
            mark = MARKS.get(test["outcome"], "✗")
            hint = "" if mark in MARKS.values() else test["hint"]
            yield mark, test["test"], test["points"], hint

    def __str__(self):
        lines = [
            f"  {mark} {name} ({points} pt) {hint}" for mark, name, points, hint in self.rows()
        ]
        return "\n".join([self.headline(), *lines])

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        rows = "".join(
            f"<tr><td>{mark}</td><td><code>{html.escape(name)}</code></td><td>{points}</td>"
            f"<td>{html.escape(hint)}</td></tr>"
            for mark, name, points, hint in self.rows()
        )
        return (
            f"<b>{html.escape(self.headline())}</b><table><tr><th></th><th>check</th>"
            f"<th>points</th><th>hint</th></tr>{rows}</table>"
        )


def check(exercise):
    """Grade one exercise (e.g. "ex00"): each check with its points, and a hint if it failed."""
    tests = sorted((settings.REPO_DIR / "tests" / "grading").glob(f"test_{exercise}_*.py"))
    if not tests:
        raise WorkbookError(f"There is no exercise {exercise!r}; exercises are named like 'ex00'.")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        try:
            finished = subprocess.run(
                [sys.executable, "-m", "pytest", *tests, *QUIET, f"--grade-report={report}"],
                cwd=settings.REPO_DIR,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise WorkbookError(
                f"The checks of {exercise} ran over {TIMEOUT_SECONDS} s: look for an endless loop."
            ) from None
        if not report.exists():
            raise WorkbookError(
                f"The checks of {exercise} could not run:\n{finished.stdout[-2000:]}"
            )
        return CheckResult(exercise, json.loads(report.read_text()))
