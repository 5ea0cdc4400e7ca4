"""pytest plugin for the autograder: points per test, a hint per failure, a score per exercise.

Mark a test `@pytest.mark.points(2, hint="...")`; its exercise is the `exNN` in its file name.
`--answers` picks the code graded (see workbench.answers); `--grade-report` writes JSON after
every test, so a grading process that dies still leaves what it graded; `--hidden DIR` marks
the tests under DIR as hidden (their feedback never shows what they check); `--test-timeout`
fails a test that runs too long and goes on with the next.
"""

import json
import os
import re
import signal
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
    hidden: bool = False
    outcome: str = "not run"
    error: str = ""  # the last line of the failure, for public tests only


class GradingTimeout(Exception):
    pass


def pytest_addoption(parser):
    group = parser.getgroup("workbook grading")
    group.addoption(
        "--answers", help="grade exercises/ (default), solutions/ or a folder of exNN_*.py files"
    )
    group.addoption("--grade-report", metavar="PATH", help="write the graded outcomes as JSON")
    group.addoption("--hidden", metavar="DIR", help="tests under DIR are hidden from feedback")
    group.addoption("--test-timeout", type=float, metavar="S", help="fail tests running over S s")


def pytest_configure(config):
    if answers := config.getoption("--answers"):
        os.environ["WORKBOOK_ANSWERS"] = answers
    config.stash[GRADED] = {}


def pytest_collection_finish(session):
    hidden = session.config.getoption("--hidden")
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
                hidden=bool(hidden) and item.path.is_relative_to(Path(hidden).resolve()),
                outcome="skipped" if skipped_here(item) else "not run",
            )


def skipped_here(item):
    """Whether a skip or skipif(True) mark skips the test on this run, before it runs: a test
    that cannot run here counts for neither side, even when the grading stops early."""
    return any(
        mark.name == "skip" or (mark.name == "skipif" and mark.args[:1] == (True,))
        for mark in item.iter_markers()
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a test that runs over --test-timeout seconds (SIGALRM interrupts endless loops)."""
    timeout = item.config.getoption("--test-timeout")
    if not timeout:
        return (yield)

    def interrupt(signum, frame):
        raise GradingTimeout(f"the test ran over {timeout:g} s: is there an endless loop?")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return (yield)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    graded = item.config.stash[GRADED].get(item.nodeid)
    if graded is not None:
        if report.failed:
            graded.outcome = "failed"
            if not graded.hidden and call.excinfo is not None:
                graded.error = last_line(call.excinfo.exconly())
        elif report.skipped:
            graded.outcome = "skipped"
        elif report.when == "call":
            graded.outcome = "passed"
    if report.when == "teardown":
        write_report(item.config)  # after every test: a process that dies leaves what it graded
    return report


def last_line(text, limit=300):
    return text.strip().splitlines()[-1][:limit] if text.strip() else ""


def pytest_sessionfinish(session):
    write_report(session.config)


def write_report(config):
    if path := config.getoption("--grade-report"):
        tests = [asdict(test) for test in config.stash[GRADED].values()]
        Path(path).write_text(json.dumps(tests, indent=2))


def pytest_terminal_summary(terminalreporter, config):
    graded = [asdict(test) for test in config.stash[GRADED].values()]
    if all(test["outcome"] == "not run" for test in graded):
        return
    write = terminalreporter.write_line
    terminalreporter.section("workbook score")
    for test in graded:
        if test["outcome"] not in ("passed", "skipped"):
            write(f"{test['exercise']} {test['test']} ({test['outcome']}): hint: {test['hint']}")
    for exercise, (earned, total) in sorted(points_per_exercise(graded).items()):
        write(f"{exercise}: {earned}/{total}")
    write("score: {}/{}".format(*points(graded)))


def earned(test):
    """The points a reported test (a dict, as in the JSON report) earned."""
    return test["points"] if test["outcome"] == "passed" else 0


def points(tests):
    """(earned, total) of reported tests; skipped ones (e.g. PostgreSQL-only) count for neither."""
    counted = [test for test in tests if test["outcome"] != "skipped"]
    return sum(map(earned, counted)), sum(test["points"] for test in counted)


def points_per_exercise(tests):
    """{exercise: (earned, total)} of reported tests."""
    by_exercise = defaultdict(list)
    for test in tests:
        by_exercise[test["exercise"]].append(test)
    return {exercise: points(tests) for exercise, tests in by_exercise.items()}
