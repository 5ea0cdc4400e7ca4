"""check("ex00"): run an exercise's autograder tests on the current answers, in a new process.

A new process reads the learner's file afresh, and a crash or endless loop in it cannot hang
the notebook's kernel.
"""

import html
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from workbench.errors import WorkbookError

TIMEOUT_SECONDS = 120


class CheckResult(list):
    """The graded tests of one exercise, as the grading plugin reported them."""

    def __init__(self, exercise, tests):
        super().__init__(tests)
        self.exercise = exercise

    @property
    def earned(self):
        return sum(test["points"] for test in self if test["outcome"] == "passed")

    @property
    def total(self):
        return sum(test["points"] for test in self if test["outcome"] != "skipped")

    def headline(self):
        verdict = "all checks passed" if self.earned == self.total else "keep going"
        return f"{self.exercise}: {self.earned}/{self.total} points, {verdict}"

    def lines(self):
        for test in self:
            mark = {"passed": "✓", "skipped": "-"}.get(test["outcome"], "✗")
            hint = f": {test['hint']}" if test["outcome"] == "failed" else ""
            yield mark, test, hint

    def __str__(self):
        rows = [
            f"  {mark} {test['test']} ({test['points']} pt){hint}"
            for mark, test, hint in self.lines()
        ]
        return "\n".join([self.headline(), *rows])

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        rows = "".join(
            f"<tr><td>{mark}</td><td><code>{html.escape(test['test'])}</code></td>"
            f"<td>{test['points']}</td><td>{html.escape(hint.lstrip(': '))}</td></tr>"
            for mark, test, hint in self.lines()
        )
        return (
            f"<b>{html.escape(self.headline())}</b><table><tr><th></th><th>check</th>"
            f"<th>points</th><th>hint</th></tr>{rows}</table>"
        )


def check(exercise):
    """Grade one exercise (e.g. "ex00") and show each check with its points and hint."""
    tests = sorted((settings.REPO_DIR / "tests" / "grading").glob(f"test_{exercise}_*.py"))
    if not tests:
        raise WorkbookError(f"There is no exercise {exercise!r}; exercises are named like 'ex00'.")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            sys.executable,
            "-m",
            "pytest",
            *map(str, tests),
            "-q",
            "--tb=no",
            "-p",
            "no:cacheprovider",
            f"--grade-report={report}",
        ]
        try:
            finished = subprocess.run(
                command,
                cwd=settings.REPO_DIR,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                env=os.environ | {"DJANGO_SETTINGS_MODULE": "workshop.settings"},
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
