"""Grade a whole class: each submission sandboxed, in parallel; a gradebook, feedback, a report.

    python -m workbench.batch SUBMISSIONS [--out grading-output] [--jobs 2] [--hidden DIR]
    python -m workbench.batch --answers solutions     # preflight: the reference must score 100%

The points come from a catalogue of the checks that the batch collects itself, in a process
where no learner code runs: the maximum is the same for everyone. Each submission is then graded
in parts, each a pytest process in its own sandbox (workbench.sandbox): the public checks, then
the hidden ones, so that nothing a public check says can carry a hidden test's text. A part's
outcomes leave its process one by one down a pipe (workbench.outcome_stream), and canaries (checks
graded against the stubs, which must fail) run among them. A part whose stream shows tampering
is graded again one exercise at a time; an exercise whose grading is tampered with scores zero.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tqdm import tqdm

from workbench.feedback import write_outputs
from workbench.grading import by_exercise, points, unimportable
from workbench.outcome_stream import collect, tally
from workbench.outputs import OutputProblem
from workbench.sandbox import detect, limit_resources
from workbench.submissions import (
    EXERCISE_FILE,
    Submission,
    SubmissionProblem,
    find_submissions,
)

REPO_DIR = Path(__file__).resolve().parents[2]
AUTOGRADER = ["pyproject.toml", "tests/__init__.py", "tests/conftest.py", "tests/settings.py",
              "tests/grading"]  # fmt: skip
STUBS = REPO_DIR / "exercises"  # what canaries are graded against
HIDDEN = "tests/grading/hidden"  # a public part's tree never has this folder
SKIPPED = ("__pycache__", "hidden")
TAMPERED = "grading was tampered with"


@dataclass
class Limits:
    jobs: int = os.cpu_count() or 1
    test_seconds: float = 10
    submission_seconds: float = 120


@dataclass
class Grade:
    learner: str
    tests: list  # one dict per check of the catalogue, with its outcome
    problem: str = ""  # why some or all of the submission could not be graded
    seconds: float = 0.0
    sandbox: str = ""  # bubblewrap, or why the learner's code ran unsandboxed

    @property
    def earned(self):
        return points(self.tests)[0]

    @property
    def total(self):
        return points(self.tests)[1]


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
    """One submission being graded: its answers folder and the learner's path of each file."""

    folder: Path
    files: dict  # answer file name: the learner's own path of it
    deadline: float


def grade_all(submissions, workdir, limits, hidden=None):
    """Grade submissions in parallel (limits.jobs at a time); yield each Grade as it is done."""
    checks = catalogue(workdir, hidden)
    with ThreadPoolExecutor(max_workers=limits.jobs) as pool:
        futures = [
            pool.submit(grade_submission, submission, workdir, limits, hidden, checks)
            for submission in submissions
        ]
        for future in as_completed(futures):
            yield future.result()


def grade_submission(submission, workdir, limits, hidden, checks):
    """Grade one submission in a folder of its own under workdir, removed afterwards."""
    start = time.perf_counter()
    folder = Path(tempfile.mkdtemp(dir=workdir, prefix="submission-"))
    grade = Grade(submission.learner, not_run(checks), sandbox=detect().description)
    try:
        gathered = submission.gather(folder / "answers", preferred=stub_names())
        problems = [note for note in (submission.note, *gathered.notes) if note]
        if gathered.files:
            learner = Learner(folder, gathered.files, time.monotonic() + limits.submission_seconds)
            grade.tests, graded_problems = grade_parts(learner, checks, limits, hidden)
            problems += graded_problems
        else:
            problems.insert(0, "no exNN_*.py exercise file found in the submission")
        grade.problem = "; ".join(problems)
    except SubmissionProblem as problem:
        grade.problem = str(problem)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    grade.seconds = time.perf_counter() - start
    return grade


def grade_parts(learner, checks, limits, hidden):
    """The public part, then the hidden one: (the checks with their outcomes, the problems)."""
    public = Part("public checks", [check for check in checks if not check["hidden"]])
    parts = [public, Part("hidden checks", [c for c in checks if c["hidden"]], hidden)]
    tests, problems = [], []
    for part in parts:
        if part.checks:
            run = grade_part(part, learner, limits)
            tests += run.tests
            problems += run.problems
    for exercise, graded in sorted(by_exercise(tests).items()):
        failed = [test for test in graded if test["outcome"] != "passed" and not test["hidden"]]
        if reason := unimportable(failed, [test for test in graded if not test["hidden"]]):
            problems.append(f"{exercise}: {reason}")
    order = {check["nodeid"]: number for number, check in enumerate(checks)}
    return sorted(tests, key=lambda test: order[test["nodeid"]]), problems


def grade_part(part, learner, limits):
    """Grade a part; when its stream shows tampering, each of its exercises alone."""
    run = run_part(part, learner, limits)
    if not run.tampered:
        return run
    exercises = part.per_exercise()
    if len(exercises) == 1:
        return Run(
            [check | {"outcome": "failed", "error": TAMPERED} for check in part.checks],
            [f"{part.name}: {TAMPERED} ({run.tampered}): they score nothing"],
        )
    runs = [grade_part(exercise, learner, limits) for exercise in exercises]
    return Run([t for r in runs for t in r.tests], [p for r in runs for p in r.problems])


def run_part(part, learner, limits):
    """Run a part's checks in a sandboxed pytest process; read its outcome stream."""
    seconds = learner.deadline - time.monotonic()
    if seconds <= 0:
        return Run(part.checks, [f"{part.name}: not graded, the submission's time ran out"])
    sandbox = detect()
    place = Path(tempfile.mkdtemp(dir=learner.folder, prefix="part-"))
    tree, scratch = prepare_tree(place / "tree", part.hidden_tests), place / "scratch"
    copy_answers(learner, part.checks, tree / "answers")
    scratch.mkdir()
    tree_inside, scratch_inside = sandbox.paths(tree, scratch)
    ids, canaries = write_plan(scratch / "plan.json", part, tree_inside)
    reader, writer = os.pipe()
    command = pytest_command(part, tree_inside, scratch_inside / "plan.json", writer, limits)
    with open(reader, "rb", buffering=0) as stream_pipe:
        try:
            process = launch(
                sandbox.command(command, tree, scratch),
                cwd=tree,
                env=grading_env(tree_inside, scratch_inside),
                output=place / "output.txt",
                writer=writer,
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
        return Run(tests, [f"{part.name}: stopped after the submission's {seconds:.0f} s"])
    if not told.ended:
        return Run(tests, [f"{part.name}: {explain_exit(process.returncode)}"])
    return Run(tests)


def launch(command, cwd, env, output, writer, seconds):
    """Start a grading process in a session of its own, its output to a file, under limits."""
    with open(output, "wb") as file:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            pass_fds=(writer,),
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
    answers = f"{tree_inside}/answers"
    for name, path in learner.files.items():
        text = text.replace(f"{answers}/{name}", path)
        if text.startswith(f"{name}, line"):
            text = path + text[len(name) :]
    return text.replace(answers, "the submission").replace(str(tree_inside), "the autograder")


def explain_exit(code):
    if code in (0, 1):  # pytest: all passed, or some failed; yet the stream did not end
        return "the grading process stopped reporting: did the submission close its files?"
    if code < 0 or code > 128:  # killed by a signal (bubblewrap says 128 + the signal)
        number = -code if code < 0 else code - 128
        return f"stopped by signal {signal.Signals(number).name} (memory or CPU limit?)"
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
    shutil.copytree(STUBS, tree / "stubs", ignore=shutil.ignore_patterns(*SKIPPED))
    if hidden_tests:  # under tests/grading/, so that the autograder's fixtures apply to them
        shutil.copytree(hidden_tests, tree / HIDDEN, ignore=shutil.ignore_patterns(*SKIPPED))
    (tree / "answers").mkdir()
    return tree


def copy_answers(learner, checks, answers):
    """The learner's files for the exercises of these checks."""
    exercises = {check["exercise"] for check in checks}
    for name in learner.files:
        if EXERCISE_FILE.fullmatch(name).group(1) in exercises:
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


def pytest_command(part, tree_inside, plan, writer, limits):
    files = sorted({check["nodeid"].split("::")[0] for check in part.checks})
    hidden = ["--hidden", str(tree_inside / HIDDEN)] if part.hidden_tests else []
    return [
        sys.executable, "-m", "pytest", *files, "-p", "no:cacheprovider", "-q", "--tb=no",
        "--answers", str(tree_inside / "answers"), "--test-timeout", str(limits.test_seconds),
        "--report-fd", str(writer), "--report-plan", str(plan), *hidden,
    ]  # fmt: skip


def grading_env(tree_inside, scratch_inside):
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


def catalogue(workdir, hidden=None):
    """Every check with its points, none run, collected with no learner code in sight."""
    tree = prepare_tree(workdir / "catalogue", hidden)
    report = tree / "catalogue.json"
    command = [
        sys.executable, "-m", "pytest", "tests/grading", "--collect-only", "-q",
        "-p", "no:cacheprovider", "--answers", str(tree / "answers"), f"--grade-report={report}",
        *(["--hidden", str(tree / HIDDEN)] if hidden else []),
    ]  # fmt: skip
    env = grading_env(tree, workdir)
    collected = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if not report.exists():
        raise OutputProblem(f"the autograder's checks could not be collected:\n{collected.stdout}")
    return json.loads(report.read_text())


def not_run(checks):
    return [dict(check) for check in checks]


def stub_names():
    return {path.name for path in STUBS.glob("ex*.py")}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m workbench.batch", description=__doc__.split("\n")[0]
    )
    parser.add_argument("submissions", nargs="?", type=Path, help="a folder of submissions")
    parser.add_argument(
        "--answers", choices=["solutions"], help="grade the reference solutions (preflight)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("grading-output"),
        help="where to write; replaced whole at each run (default: grading-output)",
    )
    parser.add_argument("--hidden", type=Path, help="a folder of hidden tests (test_exNN_*.py)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=Limits.jobs,
        help="submissions graded at once (default: the number of cores)",
    )
    parser.add_argument(
        "--test-timeout", type=float, default=Limits.test_seconds, help="seconds per check"
    )
    parser.add_argument(
        "--timeout", type=float, default=Limits.submission_seconds, help="seconds per submission"
    )
    args = parser.parse_args(argv)
    try:
        if args.answers:
            submissions = [Submission("solutions", REPO_DIR / "solutions")]
        elif args.submissions:
            submissions = find_submissions(args.submissions)
        else:
            parser.error("give a folder of submissions, or --answers solutions")
        grades = grade_class(submissions, args)
    except (SubmissionProblem, OutputProblem) as problem:
        sys.exit(f"grading stopped: {problem}")
    if args.answers and any(grade.earned < grade.total or grade.problem for grade in grades):
        sys.exit("preflight FAILED: the reference solutions must score full marks")


def grade_class(submissions, args):
    """Grade, write the outputs, and say what happened; return the grades."""
    sandbox = detect()
    print(f"Sandbox: {sandbox.description}")
    if not sandbox.sandboxed:
        print("WARNING: the learners' code runs as you, and can read and change what you can.")
    limits = Limits(args.jobs, args.test_timeout, args.timeout)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="workbook-grading-") as workdir:
        graded = grade_all(submissions, Path(workdir), limits, args.hidden)
        grades = list(tqdm(graded, total=len(submissions), desc="grading", unit=" submissions"))
    grades.sort(key=lambda grade: grade.learner)
    print(write_outputs(grades, args.out))
    seconds = [grade.seconds for grade in grades] or [0]
    print(
        f"{len(grades)} submissions in {time.perf_counter() - start:.1f} s "
        f"(median {statistics.median(seconds):.1f} s each); wrote {args.out}/grades.csv "
        f"and {args.out}/report.html"
    )
    return grades


if __name__ == "__main__":
    main()
