"""check("ex00"): grade one exercise with its autograder checks, in a new process.

A new process reads the learner's file afresh, and a crash or endless loop in it cannot hang
the notebook's kernel. The answers graded are the ones the notebook serves (WORKBOOK_ANSWERS).
"""

import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from workbench.errors import WorkbookError
from workbench.grading import points, unimportable, what_happened

CHECK_SECONDS = 10  # per check: an endless loop fails its check, not the notebook
TIMEOUT_SECONDS = 120  # for the whole exercise
MARKS = {"passed": ("✓", "green"), "skipped": ("-", "grey")}  # anything else failed
FAILED = ("✗", "#c00")


class CheckResult(list):
    """The graded checks of one exercise, as the grading plugin reported them."""

    def __init__(self, exercise, tests):
        super().__init__(tests)
        self.exercise = exercise

    def headline(self):
        earned, total = points(self)
        # Instructors may grade with hidden checks too: say only what was checked here.
        verdict = "all public checks passed" if earned == total else "keep going"
        return f"{self.exercise}: {earned}/{total} points, {verdict}"

    def broken(self):
        """Why no check could run (the file does not import, or is not written yet), or ""."""
        failed = [test for test in self if test["outcome"] not in MARKS]
        return unimportable(failed, self)

    def rows(self):
        """(mark, colour, check, points, note) per check; the note says why it did not pass."""
        for test in self:
            mark, colour = MARKS.get(test["outcome"], FAILED)
            if test["outcome"] == "passed":
                note = ""
            elif test["outcome"] == "skipped":
                note = f"skipped: {test['error']}"
            else:
                note = " ".join(filter(None, (test["hint"], what_happened(test))))
            yield mark, colour, test["title"], test["points"], note

    def __str__(self):
        if broken := self.broken():
            return f"{self.headline()}\n  ✗ {broken}"
        lines = [f"  {mark} {title} ({pts} pt)" + (f"\n      {note}" if note else "")
                 for mark, _, title, pts, note in self.rows()]  # fmt: skip
        return "\n".join([self.headline(), *lines])

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        headline = f"<p><b>{html.escape(self.headline())}</b></p>"
        if broken := self.broken():
            return f'{headline}<p style="color:{FAILED[1]}">✗ {html.escape(broken)}</p>'
        cell = 'style="text-align:left;vertical-align:top;padding:2px 8px"'
        rows = "".join(
            f'<tr><td {cell}><b style="color:{colour}">{mark}</b></td>'
            f"<td {cell}>{html.escape(title)}</td><td {cell}>{pts}</td>"
            f"<td {cell}>{html.escape(note)}</td></tr>"
            for mark, colour, title, pts, note in self.rows()
        )
        header = "".join(f"<th {cell}>{name}</th>" for name in ("", "check", "points", "note"))
        return f'{headline}<table class="workbench-check"><tr>{header}</tr>{rows}</table>'


def check(exercise):
    """Grade one exercise (e.g. "ex00"): each check with its points, and for a failed one its
    hint and what went wrong."""
    tests = sorted((settings.REPO_DIR / "tests" / "grading").glob(f"test_{exercise}_*.py"))
    if not tests:
        raise WorkbookError(f"There is no exercise {exercise!r}; exercises are named like 'ex00'.")
    answers = settings.WORKBOOK_ANSWERS or settings.ANSWERS_FOLDERS["exercises"]
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            sys.executable, "-m", "pytest", *tests, "--ds=tests.settings", f"--answers={answers}",
            f"--grade-report={report}", f"--test-timeout={CHECK_SECONDS}",
            "--tb=no", "--quiet", "-p", "no:cacheprovider",
        ]  # fmt: skip
        try:
            finished = subprocess.run(
                command,
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
