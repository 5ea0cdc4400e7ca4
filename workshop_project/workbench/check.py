"""check("ex00"): grade one exercise with its autograder checks, in a new process.

A new process reads the learner's file afresh, and a crash or endless loop in it cannot hang
the notebook's kernel. The answers graded are the ones the notebook serves (WORKBOOK_ANSWERS).
On PostgreSQL the checks keep their data in a schema of the learner's own database, made for
the run and dropped after it, whatever happens: no CREATEDB privilege needed, nothing left.

    python -m workbench check [ex00 ...]   # the same in a terminal (make check)
"""

import html
import json
import os
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import ProgrammingError, connection

from workbench.errors import WorkbookError
from workbench.scores import earned, points, unimportable, what_happened
from workshop.services import ServiceProblem, check_cache, check_database

CHECK_SECONDS = 10  # per check: an endless loop fails its check, not the notebook
TIMEOUT_SECONDS = 120  # for the whole run
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
        """(mark, colour, check, points earned/worth, notes) per check; the notes say why it did
        not pass: the hint, then what happened."""
        for test in self:
            mark, colour = MARKS.get(test["outcome"], FAILED)
            if test["outcome"] == "passed":
                notes = []
            elif test["outcome"] == "skipped":
                notes = [f"skipped: {test['error']}"]
            else:
                notes = [note for note in (test["hint"], what_happened(test)) if note]
            yield mark, colour, test["title"], f"{earned(test)}/{test['points']}", notes

    def __str__(self):
        if broken := self.broken():
            return f"{self.headline()}\n  ✗ {broken}"
        lines = [f"  {mark} {title} ({pts} points)" + "".join(f"\n      {note}" for note in notes)
                 for mark, _, title, pts, notes in self.rows()]  # fmt: skip
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
            f"<td {cell}>{'<br>'.join(map(html.escape, notes))}</td></tr>"
            for mark, colour, title, pts, notes in self.rows()
        )
        header = "".join(f"<th {cell}>{name}</th>" for name in ("", "check", "points", "note"))
        return f'{headline}<table class="workbench-check"><tr>{header}</tr>{rows}</table>'


def check(exercise):
    """Grade one exercise (e.g. "ex00"): each check with its points, and for a failed one its
    hint and what went wrong."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        run_checks([exercise], f"--grade-report={report}", "--quiet", capture=True)
        if not report.exists():
            raise WorkbookError(f"The checks of {exercise} could not run.")
        return CheckResult(exercise, json.loads(report.read_text()))


def run_checks(exercises, *options, capture, answers=None):
    """Run the exercises' checks in a new pytest process, on `answers` (a folder; by default
    the notebook's, or exercises/ where the notebook serves none)."""
    tests = [path for exercise in exercises for path in check_files(exercise)]
    try:  # a service that does not answer: the paragraph boot() gives, not a wrong diagnosis
        check_database()
        check_cache()
    except ServiceProblem as problem:
        raise WorkbookError(str(problem)) from None
    answers = answers or settings.WORKBOOK_ANSWERS or settings.ANSWERS_FOLDERS["exercises"]
    command = [
        sys.executable, "-m", "pytest", *map(str, tests), "--ds=tests.settings",
        f"--answers={answers}", f"--test-timeout={CHECK_SECONDS}", "--tb=no", "-rN",
        "-p", "no:cacheprovider", *options,
    ]  # fmt: skip
    run = f"workbook_check_{uuid.uuid4().hex[:12]}"
    with checks_schema(run) as env:
        if env:
            command.append("--reuse-db")  # the learner's database, as it is
        env["WORKBOOK_CHECK_RUN"] = run  # its own Celery queue and cache keys (tests/settings.py)
        try:
            return subprocess.run(
                command, cwd=settings.REPO_DIR, env=os.environ | env, timeout=TIMEOUT_SECONDS,
                capture_output=capture, text=True,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise WorkbookError(
                f"The checks ran over {TIMEOUT_SECONDS} s: look for an endless loop."
            ) from None


def check_files(exercise):
    files = sorted((settings.REPO_DIR / "tests" / "grading").glob(f"test_{exercise}_*.py"))
    if not files:
        raise WorkbookError(f"There is no exercise {exercise!r}; exercises are named like 'ex00'.")
    return files


@contextmanager
def checks_schema(schema):
    """On PostgreSQL, a schema of the learner's database for the checks' data, dropped after the
    run however it ends; yield the environment that points the checks at it."""
    if connection.vendor != "postgresql":
        yield {}
        return
    from psycopg.errors import InsufficientPrivilege

    try:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {schema}")
    except ProgrammingError as error:
        if not isinstance(error.__cause__, InsufficientPrivilege):
            raise
        raise WorkbookError(
            f"check() keeps its data in a schema of your database, and your role may not create "
            f"one ({str(error).strip()}). Ask for it: GRANT CREATE ON DATABASE "
            f"{connection.settings_dict['NAME']} TO {connection.settings_dict['USER']};"
        ) from None
    try:
        yield {"WORKBOOK_TEST_SCHEMA": schema}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")


def main(exercises):
    """make check: grade the exercises named (every one if none) in a terminal. It fails
    only when the checks could not run: a score is not an error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    try:
        django.setup()
    except ImproperlyConfigured as error:  # a setting to fix: its paragraph, not a traceback
        sys.exit(str(error))
    grading = settings.REPO_DIR / "tests" / "grading"
    exercises = exercises or sorted(path.name.split("_")[1] for path in grading.glob("test_ex*"))
    try:
        finished = run_checks(exercises, "--quiet", capture=False)
    except WorkbookError as error:
        sys.exit(str(error))
    sys.exit(0 if finished.returncode in (0, 1) else finished.returncode)  # pytest: ran
