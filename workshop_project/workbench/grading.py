"""pytest plugin for the autograder: points per check, a hint and what went wrong per failure.

Mark a test `@pytest.mark.points(2, hint="...")`; its exercise is the `exNN` in its file name and
the check reads as its name does ("test_a_dry_run_logs..." is "A dry run logs..."). Options:

--answers DIR       the answers graded: exercises (default), solutions or a folder of exNN_*.py
--grade-report PATH the outcomes as JSON, rewritten after every check, so that a grading
                    process that dies still leaves what it graded
--hidden DIR        checks under DIR are hidden: their feedback never says what they check
--test-timeout S    fail a check whose setup, call or teardown runs over S seconds; the first
                    such timeout in an exercise fails that exercise's remaining checks at once
--report-fd FD      with --report-plan (the batch grader's): send each check's outcome down the
--report-plan PATH  inherited pipe FD as soon as it is known, under the id the plan gives it, and
                    run the plan's canaries (see workbench.outcome_stream). The plan file is
                    deleted once read, before any answer is imported.
"""

import json
import os
import re
import signal
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from workbench import outcome_stream
from workbench.scores import ENDLESS_LOOP, score_lines

GRADED = pytest.StashKey[dict]()
TIMED_OUT = pytest.StashKey[set]()
PLAN = pytest.StashKey[dict]()
CANARIES = pytest.StashKey[dict]()  # a check copied to run against the stubs, which must fail
STREAM_IDS = pytest.StashKey[dict]()  # node id: the id its outcome is streamed under
ANSWER_FILE = re.compile(r"ex\d+_\w+\.py")
IMPORTING = "import_file"  # the function of core.extension_points that imports an answer


@dataclass
class GradedTest:
    nodeid: str  # pytest's id of the check: what the batch grader's plan names
    exercise: str
    test: str  # pytest's name of the check
    title: str  # the check as a sentence
    points: int
    hint: str
    hidden: bool = False
    outcome: str = "not run"  # passed, failed, skipped or not run
    error: str = ""  # what went wrong: the learner's exception, or the check's own message
    location: str = ""  # where in the learner's file: "ex00_warm_up.py, line 19"
    unimportable: bool = False  # the answer's file did not import, or is not written yet


class GradingTimeout(BaseException):  # not an Exception: `except Exception` must not stop it
    pass


def pytest_addoption(parser):
    group = parser.getgroup("workbook grading")
    group.addoption("--answers", metavar="DIR", help="exercises (default), solutions or a folder")
    group.addoption("--grade-report", metavar="PATH", help="write the graded outcomes as JSON")
    group.addoption("--hidden", metavar="DIR", help="checks under DIR are hidden from feedback")
    group.addoption("--test-timeout", type=float, metavar="S", help="fail checks running over S s")
    group.addoption("--report-fd", type=int, metavar="FD", help="stream outcomes down this pipe")
    group.addoption("--report-plan", metavar="PATH", help="the ids to stream under; the canaries")


def pytest_configure(config):
    config.stash[GRADED] = {}
    config.stash[CANARIES] = {}
    config.stash[TIMED_OUT] = set()
    config.stash[PLAN] = read_plan(config.getoption("--report-plan"))
    config.stash[STREAM_IDS] = dict(config.stash[PLAN]["checks"])


def read_plan(path):
    """The batch grader's plan, deleted once read: the ids are not for the learner's code."""
    if not path:
        return {"checks": {}}
    plan = json.loads(Path(path).read_text())
    Path(path).unlink()
    return plan


def title(item, marker):
    """The check as a sentence: the marker's title=, else from the name (test_a_dry_run_logs ->
    "A dry run logs"), for a name that cannot spell it ("the table's")."""
    words = marker.kwargs.get("title") or item.originalname.removeprefix("test_").replace("_", " ")
    params = item.name[len(item.originalname) :]
    return words[:1].upper() + words[1:] + (f" {params}" if params else "")


@pytest.hookimpl(trylast=True)  # after the conftests' own: a canary copies its check's markers
def pytest_collection_modifyitems(config, items):
    """Hidden checks run after the public ones: what a public check says never depends on them.
    Each canary of the plan runs right behind the check the plan names."""
    if hidden := config.getoption("--hidden"):
        items.sort(key=lambda item: item.path.is_relative_to(Path(hidden).resolve()))
    by_nodeid = {item.nodeid: item for item in items}
    for canary in config.stash[PLAN].get("canaries", []):
        check = by_nodeid[canary["check"]]
        copy = pytest.Function.from_parent(
            check.parent, name=f"{check.name}[canary]", callobj=check.obj
        )
        copy.own_markers.extend(check.own_markers)
        config.stash[STREAM_IDS][copy.nodeid] = canary["id"]
        config.stash[CANARIES][copy.nodeid] = None  # its GradedTest comes with the others'
        items.insert(items.index(by_nodeid[canary["after"]]) + 1, copy)


def pytest_collection_finish(session):
    hidden = session.config.getoption("--hidden")
    for item in session.items:
        if marker := item.get_closest_marker("points"):
            exercise = re.search(r"ex\d+", item.path.stem)
            if exercise is None:
                raise pytest.UsageError(f"{item.nodeid}: points tests belong in test_exNN_*.py")
            canary = item.nodeid in session.config.stash[CANARIES]
            session.config.stash[CANARIES if canary else GRADED][item.nodeid] = GradedTest(
                nodeid=item.nodeid,
                exercise=exercise.group(),
                test=item.name,
                title=title(item, marker),
                points=marker.args[0],
                hint=marker.kwargs["hint"],
                hidden=bool(hidden) and item.path.is_relative_to(Path(hidden).resolve()),
            )


def graded_or_canary(item):
    stash = item.config.stash
    return stash[GRADED].get(item.nodeid) or stash[CANARIES].get(item.nodeid)


def exercise_of(item):
    graded = item.config.stash[GRADED].get(item.nodeid)
    return graded and graded.exercise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    exercise = exercise_of(item)
    if exercise in item.config.stash[TIMED_OUT]:
        pytest.fail(f"not run: an earlier check of {exercise} ran over its time limit")
    with time_limit(item), graded_against_the_stubs(item):
        return (yield)


@contextmanager
def graded_against_the_stubs(item):
    """A canary's fixtures see the plan's stubs as the answers graded (the --answers option)."""
    if item.nodeid not in item.config.stash[CANARIES]:
        yield
        return
    option = item.config.option
    graded, option.answers = option.answers, item.config.stash[PLAN]["canary_answers"]
    try:
        yield
    finally:
        option.answers = graded


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    with time_limit(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    with time_limit(item):
        return (yield)


@contextmanager
def time_limit(item):
    """Interrupt the block with GradingTimeout after --test-timeout seconds (SIGALRM)."""
    seconds = item.config.getoption("--test-timeout")
    if not seconds:
        yield
        return

    def interrupt(signum, frame):
        if exercise := exercise_of(item):
            item.config.stash[TIMED_OUT].add(exercise)
        raise GradingTimeout(f"ran over {seconds:g} s: {ENDLESS_LOOP}")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    graded = graded_or_canary(item)
    if graded is not None:
        if report.failed:
            graded.outcome = "failed"
            if not graded.hidden and call.excinfo is not None:
                explain(graded, call.excinfo)
        elif report.skipped:
            graded.outcome = "skipped"
            graded.error = skip_reason(report)
        elif report.when == "call":
            graded.outcome = "passed"
    if report.when == "teardown":
        write_report(item.config)  # after every check: a process that dies leaves what it graded
        if graded is not None:
            stream(item.config, item.nodeid, graded)
    return report


def stream(config, nodeid, graded):
    """Send the check's outcome down the batch grader's pipe, under the id its plan gives."""
    if (check_id := config.stash[STREAM_IDS].get(nodeid)) is not None:
        send(config, outcome_stream.encode(check_id, graded.outcome, graded.error,
                                           graded.location, graded.unimportable))  # fmt: skip


def send(config, record):
    if (descriptor := config.getoption("--report-fd")) is None:
        return
    with suppress(OSError):  # the learner's code closed the pipe: later checks count as not run
        os.write(descriptor, record)


def explain(graded, excinfo):
    """Say what went wrong: the learner's exception where it was raised, or the check's message."""
    error = excinfo.value
    if isinstance(error, AssertionError):
        graded.error = first_line(str(error)) or "the check's condition was false"
    elif isinstance(error, GradingTimeout | pytest.fail.Exception):
        graded.error = first_line(str(error))
    else:
        graded.error = first_line(f"{type(error).__name__}: {error}")
        graded.location = learner_location(excinfo)
        graded.unimportable = type(error).__name__ == "NotWrittenYet" or any(
            entry.name == IMPORTING for entry in excinfo.traceback
        )


def first_line(text, limit=300):
    """The first line of a message that says something (pytest's diff hints do not)."""
    lines = [line.strip() for line in text.strip().splitlines() if "Use -v to get" not in line]
    return lines[0][:limit] if lines else ""


def learner_location(excinfo):
    """The deepest line of the traceback in an answer's file, e.g. "ex00_warm_up.py, line 19"."""
    error = excinfo.value
    if isinstance(error, SyntaxError) and error.filename:
        return f"{Path(error.filename).name}, line {error.lineno}"
    for entry in reversed(excinfo.traceback):
        name = Path(str(entry.path)).name
        if ANSWER_FILE.fullmatch(name):
            return f"{name}, line {entry.lineno + 1}"
    return ""


def skip_reason(report):
    reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason.removeprefix("Skipped: ")


def pytest_sessionfinish(session):
    write_report(session.config)
    send(session.config, outcome_stream.end_record())


def graded_tests(config):
    return [asdict(test) for test in config.stash[GRADED].values()]


def write_report(config):
    if path := config.getoption("--grade-report"):
        Path(path).write_text(json.dumps(graded_tests(config), indent=2))


def pytest_terminal_summary(terminalreporter, config):
    """One line per exercise and the score; each failed check with its hint and what happened."""
    graded = graded_tests(config)
    if not config.getoption("--answers") or all(t["outcome"] == "not run" for t in graded):
        return  # the project's own suite, grading a whole bank of answers: pytest reports it
    terminalreporter.section("workbook score")
    for line in score_lines(graded):
        terminalreporter.write_line(line)
