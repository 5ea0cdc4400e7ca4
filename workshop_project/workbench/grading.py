"""pytest plugin for the autograder: points per test, a hint per failure, a score per exercise.

Mark a test `@pytest.mark.points(2, hint="...")`; its exercise is the `exNN` in its file name.
`--answers` picks the code graded (see workbench.answers); `--grade-report` writes JSON.
"""

import json
import os
import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

GRADED = pytest.StashKey[dict]()


@dataclass
class GradedTest:
    exercise: str
    test: str
    points: int
    hint: str
    outcome: str = "not run"

    @property
    def earned(self):
        return self.points if self.outcome == "passed" else 0

    @property
    def counts(self):
        """Skipped tests (e.g. PostgreSQL-only ones on SQLite) are not part of the score."""
        return self.outcome != "skipped"


def pytest_addoption(parser):
    group = parser.getgroup("workbook grading")
    group.addoption(
        "--answers", help="grade exercises/ (default), solutions/ or a folder of exNN_*.py files"
    )
    group.addoption("--grade-report", metavar="PATH", help="write the graded outcomes as JSON")


def pytest_configure(config):
    if answers := config.getoption("--answers"):
        os.environ["WORKBOOK_ANSWERS"] = answers
    config.stash[GRADED] = {}


def pytest_collection_finish(session):
    for item in session.items:
        if marker := item.get_closest_marker("points"):
            exercise = re.search(r"ex\d+", item.path.stem)
            if exercise is None:
                raise pytest.UsageError(f"{item.nodeid}: points tests belong in test_exNN_*.py")
            session.config.stash[GRADED][item.nodeid] = GradedTest(
                exercise=exercise.group(),
                test=item.name,
                points=marker.args[0],
                hint=marker.kwargs["hint"],
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    graded = item.config.stash[GRADED].get(item.nodeid)
    if graded is not None:
        if report.failed:
            graded.outcome = "failed"
        elif report.skipped:
            graded.outcome = "skipped"
        elif report.when == "call":
            graded.outcome = "passed"
    return report


def pytest_terminal_summary(terminalreporter, config):
    graded = [test for test in config.stash[GRADED].values() if test.counts]
    if all(test.outcome == "not run" for test in graded):
        return
    write = terminalreporter.write_line
    terminalreporter.section("workbook score")
    for test in graded:
        if test.outcome != "passed":
            write(f"{test.exercise} {test.test} ({test.outcome}): hint: {test.hint}")
    by_exercise = defaultdict(list)
    for test in graded:
        by_exercise[test.exercise].append(test)
    for exercise, tests in sorted(by_exercise.items()):
        write(f"{exercise}: {score(tests)}")
    write(f"score: {score(graded)}")


def pytest_sessionfinish(session):
    if path := session.config.getoption("--grade-report"):
        tests = [asdict(test) for test in session.config.stash[GRADED].values()]
        Path(path).write_text(json.dumps(tests, indent=2))


def score(tests):
    return f"{sum(test.earned for test in tests)}/{sum(test.points for test in tests)}"
