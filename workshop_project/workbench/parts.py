"""Grade one part of a submission: checks run together in one sandboxed pytest process.

The part's folder holds what the process sees (the autograder's tests and settings, the stubs,
the part's hidden tests and the learner's answer files, read-only in the sandbox) and a scratch
folder it may write in. The process gets a plan (an id per check, the canaries) and a pipe; the
outcomes read from the pipe are told in the learner's terms: their own file paths, never the
grading folder's, and for a hidden check the outcome alone.
"""

import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from workbench.outcome_stream import MAX_TEXT, collect, tally
from workbench.sandbox import PLAN, Sandbox, limit_resources
from workbench.scores import by_exercise
from workbench.stubs import pristine
from workbench.submissions import EXERCISE_FILE, printable

REPO_DIR = Path(__file__).resolve().parents[2]
AUTOGRADER = ["pyproject.toml", "tests/__init__.py", "tests/conftest.py", "tests/settings.py",
              "tests/grading"]  # fmt: skip
HIDDEN = "tests/grading/hidden"  # a public part's folder never has this folder
SKIPPED = ("__pycache__", "hidden")


@dataclass
class Part:
    """Checks graded together in one sandboxed pytest process."""

    name: str
    checks: list  # catalogue entries
    hidden_tests: Path | None = None  # the folder of hidden tests, for a hidden part

    def per_exercise(self):
        return [
            Part(f"{exercise} {self.name}", checks, self.hidden_tests)
            for exercise, checks in sorted(by_exercise(self.checks).items())
        ]


@dataclass
class Run:
    """What grading a part gave: the checks with their outcomes, problems, or tampering."""

    tests: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    tampered: str = ""


@dataclass
class Learner:
    """One submission being graded: its folder, the learner's path of each answer file, when its
    time runs out, and the sandbox it runs in."""

    folder: Path  # its answers are in folder/answers
    files: dict  # answer file name: the learner's own path of it
    deadline: float  # time.monotonic() when its time runs out
    sandbox: Sandbox

    def exercises(self):
        """{exercise: answer file name} of the files the learner submitted."""
        return {EXERCISE_FILE.fullmatch(name).group(1): name for name in self.files}


def run_part(part, learner, test_seconds):
    """Run a part's checks in a sandboxed pytest process; read its outcome stream."""
    seconds = learner.deadline - time.monotonic()
    if seconds <= 0:
        return Run(part.checks, [f"{part.name}: not graded, the submission's time ran out"])
    sandbox = learner.sandbox
    place = Path(tempfile.mkdtemp(dir=learner.folder, prefix="part-"))
    tree, scratch = prepare_tree(place / "tree", part.hidden_tests), place / "scratch"
    copy_answers(learner, part.checks, tree / "answers")
    scratch.mkdir()
    tree_inside, scratch_inside = sandbox.paths(tree, scratch)
    ids, canaries = write_plan(scratch / PLAN, part, tree_inside)
    reader, writer = os.pipe()
    command = pytest_command(part, tree_inside, scratch_inside / PLAN, writer, test_seconds)
    with open(scratch / PLAN, "rb") as plan, open(reader, "rb", buffering=0) as stream_pipe:
        try:
            process = launch(
                sandbox.command(command, tree, plan),
                cwd=tree,
                env=grading_env(scratch_inside),
                output=place / "output.txt",
                descriptors=(writer, *sandbox.descriptors(plan)),
                seconds=seconds,
            )
        finally:
            os.close(writer)  # the process holds its own copy: its end closes the stream
        try:
            stream, timed_out = collect(process, stream_pipe.fileno(), seconds)
        finally:
            stop(process)
    told = tally(stream, set(ids.values()), canaries)
    if told.tampered:
        return Run(tampered=told.tampered)
    tests = [
        outcome(check, told.records.get(ids[check["nodeid"]]), learner, tree_inside)
        for check in part.checks
    ]
    if timed_out:
        return Run(tests, [f"{part.name}: stopped when the submission's time ran out"])
    if not told.ended:
        return Run(tests, [f"{part.name}: {explain_exit(process.returncode)}"])
    return Run(tests)


def launch(command, cwd, env, output, descriptors, seconds):
    """Start a grading process in a session of its own, its output to a file, under limits."""
    with open(output, "wb") as file:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            pass_fds=descriptors,
            preexec_fn=partial(limit_resources, seconds),
            start_new_session=True,
        )


def stop(process):
    """End the process and whatever it started in its session (the sandbox ends the rest)."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def outcome(check, record, learner, tree_inside):
    """A catalogue entry with what the stream said of it, in the learner's terms: their own file
    paths, never the grading tree's; for a hidden check, the outcome alone."""
    if record is None:
        return check
    passed = record["outcome"] == "passed"
    if check["hidden"]:
        return check | {"outcome": "passed" if passed else "failed"}
    error = record["error"]
    if record["outcome"] == "skipped":  # in a batch a skip earns nothing: the maximum is fixed
        error = f"skipped: {error}"
    return check | {
        "outcome": "passed" if passed else "failed",
        "error": in_learner_terms(error, learner, tree_inside),
        "location": in_learner_terms(record["location"], learner, tree_inside),
        "unimportable": record["unimportable"],
    }


def in_learner_terms(text, learner, tree_inside):
    text = printable(text)[:MAX_TEXT]
    answers = f"{tree_inside}/answers"
    for name, path in learner.files.items():
        text = text.replace(f"{answers}/{name}", path)
        if text.startswith(f"{name}, line"):
            text = path + text[len(name) :]
        text = text.replace(f"({name}, line", f"({path}, line")  # a SyntaxError's own location
    return text.replace(answers, "the submission").replace(str(tree_inside), "the autograder")


def explain_exit(code):
    """Why a grading process ended before its last outcome, from its exit code."""
    if code in (0, 1):  # pytest: all passed, or some failed; yet the stream did not end
        return "the grading process stopped reporting: did the submission close its files?"
    signalled = -code if code < 0 else code - 128  # bubblewrap says 128 + the signal
    if signalled in signal.valid_signals():
        return f"stopped by signal {signal.Signals(signalled).name} (memory or CPU limit?)"
    return (
        f"the grading process ended early with exit code {code}: does the submission call "
        "os._exit()?"
    )


def prepare_tree(tree, hidden_tests=None):
    """The folder a grading process sees: the autograder, the stubs, any hidden tests and an
    answers folder."""
    for name in AUTOGRADER:
        source, target = REPO_DIR / name, tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(*SKIPPED))
        else:
            shutil.copy2(source, target)
    (tree / "stubs").mkdir()  # what canaries are graded against
    for name, text in pristine().items():
        (tree / "stubs" / name).write_text(text)
    if hidden_tests:  # under tests/grading/, so that the autograder's fixtures apply to them
        shutil.copytree(hidden_tests, tree / HIDDEN, ignore=shutil.ignore_patterns(*SKIPPED))
    (tree / "answers").mkdir()
    return tree


def copy_answers(learner, checks, answers):
    """The learner's files for the exercises of these checks."""
    exercises = {check["exercise"] for check in checks}
    for exercise, name in learner.exercises().items():
        if exercise in exercises:
            shutil.copy2(learner.folder / "answers" / name, answers / name)


def write_plan(path, part, tree_inside):
    """Hand out an id per check and per canary: one check of each exercise, run again against
    the stubs right behind a check of the same exercise. Return (ids by node id, canary ids)."""
    ids = {check["nodeid"]: secrets.token_hex(8) for check in part.checks}
    chance = random.SystemRandom()
    canaries = [
        {
            "id": secrets.token_hex(8),
            "check": chance.choice(checks)["nodeid"],
            "after": chance.choice(checks)["nodeid"],
        }
        for checks in by_exercise(part.checks).values()
    ]
    plan = {"checks": ids, "canaries": canaries, "canary_answers": str(tree_inside / "stubs")}
    path.write_text(json.dumps(plan))
    return ids, {canary["id"] for canary in canaries}


def pytest_command(part, tree_inside, plan, writer, test_seconds):
    files = sorted({check["nodeid"].split("::")[0] for check in part.checks})
    hidden = ["--hidden", str(tree_inside / HIDDEN)] if part.hidden_tests else []
    return [
        sys.executable, "-m", "pytest", *files, "-p", "no:cacheprovider", "-q", "--tb=no",
        "--answers", str(tree_inside / "answers"), "--test-timeout", str(test_seconds),
        "--report-fd", str(writer), "--report-plan", str(plan), *hidden,
    ]  # fmt: skip


def grading_env(scratch_inside):
    """The environment of a grading process: none of the batch's own (no database or Redis
    server, no secret), a SQLite file and a home in its scratch folder."""
    return {
        "PATH": os.defpath,
        "LANG": "C.UTF-8",
        "HOME": str(scratch_inside),
        "TMPDIR": str(scratch_inside),
        "WORKBOOK_DATA_DIR": str(scratch_inside / "data"),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        **{key: os.environ[key] for key in ("PYTHONPATH",) if key in os.environ},
    }
