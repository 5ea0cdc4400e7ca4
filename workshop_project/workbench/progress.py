"""Where a learner stands, and how to start an exercise over.

progress()        every exercise: not started (still the stub), or the points it scores now
reset("ex02")     the stub again, with your version kept in exercises/kept/

python -m workbench progress | reset exNN   # the same in a terminal (make progress, make reset)
"""

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbench.check import run_checks
from workbench.display import TableAndChart
from workbench.errors import WorkbookError
from workbench.scores import points_per_exercise
from workbench.stubs import EXERCISES, SOLUTIONS, exercise_of, stub_source

KEPT = EXERCISES / "kept"


@dataclass
class Standing:
    exercise: str
    task: str  # the first line of the exercise's docstring
    started: bool
    earned: int = 0
    total: int = 0

    @property
    def status(self):
        if not self.started:
            return "not started"
        done = ", done" if self.earned == self.total else ""
        return f"{self.earned}/{self.total} points{done}"


class Progress(TableAndChart, list):
    """Each exercise's Standing: a table, and a bar of points per exercise."""

    def table(self):
        rows = [[s.exercise, s.task, s.status] for s in self]
        return [["exercise", "task", "where you stand"], *rows]

    def chart(self):
        from matplotlib.figure import Figure

        figure = Figure(figsize=(7, 0.45 * len(self) + 0.9), layout="constrained")
        axes = figure.subplots()
        labels = [s.exercise for s in self]
        shares = [s.earned / s.total if s.total else 0 for s in self]
        axes.barh(labels, [1] * len(self), color="#eee")
        axes.barh(labels, shares, color=["tab:green" if s == 1 else "tab:orange" for s in shares])
        axes.invert_yaxis()
        axes.set(xlim=(0, 1), xlabel="share of the points")
        return figure


def progress():
    """Grade every exercise you have started (one run of the checks); say which you have not."""
    standings = [
        Standing(exercise_of(solution), task_of(solution), started=learners_file(solution) != stub)
        for solution, stub in stubs_by_solution()
    ]
    started = [s.exercise for s in standings if s.started]
    if started:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            options = f"--grade-report={report}", "--quiet"
            run_checks(started, *options, capture=True, answers=EXERCISES)
            scores = points_per_exercise(json.loads(report.read_text()))
        for standing in standings:
            standing.earned, standing.total = scores.get(standing.exercise, (0, 0))
    return Progress(standings)


def stubs_by_solution():
    for solution in sorted(SOLUTIONS.glob("ex*_*.py")):
        yield solution, stub_source(solution.read_text(), exercise_of(solution))


def task_of(solution):
    return solution.read_text().split('"""')[1].splitlines()[0].split(": ", 1)[-1].rstrip(".")


def learners_file(solution):
    path = EXERCISES / solution.name
    return path.read_text() if path.exists() else None


def reset(exercise):
    """Put the exercise's stub back in exercises/, after keeping your version in exercises/kept/."""
    solution = next(SOLUTIONS.glob(f"{exercise}_*.py"), None)
    if solution is None:
        raise WorkbookError(f"There is no exercise {exercise!r}; exercises are named like 'ex00'.")
    path = EXERCISES / solution.name
    message = f"{path.relative_to(EXERCISES.parent)} is the stub again"
    if path.exists():
        KEPT.mkdir(exist_ok=True)
        kept = KEPT / f"{path.stem}-{datetime.now():%Y%m%d-%H%M%S}.py"
        shutil.copy2(path, kept)
        message += f"; your version is kept in {kept.relative_to(EXERCISES.parent)}"
    path.write_text(stub_source(solution.read_text(), exercise))
    print(message + ".")


def main(command, arguments):
    """make progress (command "progress"), make reset EX=exNN ("reset", [exNN])."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    django.setup()
    try:
        if command == "reset" and len(arguments) == 1:
            reset(arguments[0])
        elif command == "progress" and not arguments:
            print(progress())
        else:
            sys.exit("usage: make progress, or make reset EX=exNN (e.g. EX=ex02)")
    except WorkbookError as error:
        sys.exit(str(error))
