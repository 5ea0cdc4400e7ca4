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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from workbench.feedback import write_outputs
from workbench.outputs import OutputProblem
from workbench.parts import (
    HIDDEN,
    REPO_DIR,
    Learner,
    Part,
    Run,
    grading_env,
    prepare_tree,
    run_part,
)
from workbench.sandbox import detect
from workbench.scores import by_exercise, not_submitted, points, timed_out, unimportable
from workbench.stubs import pristine
from workbench.submissions import Submission, SubmissionProblem, find_submissions

TAMPERED = "grading was tampered with"


class CatalogueProblem(Exception):
    """The autograder's own checks could not be collected: nothing can be graded."""


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
    sandbox = detect()
    grade = Grade(submission.learner, not_run(checks), sandbox=sandbox.description)
    try:
        gathered = submission.gather(folder / "answers", preferred=stub_names())
        problems = [note for note in (submission.note, *gathered.notes) if note]
        if gathered.files:
            deadline = time.monotonic() + limits.submission_seconds
            learner = Learner(folder, gathered.files, deadline, sandbox)
            grade.tests, graded_problems = grade_parts(learner, checks, limits, hidden)
            problems += graded_problems
        else:
            grade.tests = [not_submitted(check) for check in checks]
            problems.insert(0, "no exNN_*.py exercise file found in the submission")
        grade.problem = "; ".join(problems)
    except SubmissionProblem as problem:
        grade.problem = str(problem)
    except Exception as error:  # one submission, whatever it holds, must never stop the batch
        grade.problem = f"could not be graded ({type(error).__name__}: {error}): grade it again"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    grade.seconds = time.perf_counter() - start
    return grade


def grade_parts(learner, checks, limits, hidden):
    """The public part, then the hidden one, of the exercises submitted; the checks of the others
    fail without running. Return (the checks with their outcomes, the problems)."""
    submitted = learner.exercises()
    tests = [not_submitted(check) for check in checks if check["exercise"] not in submitted]
    graded = [check for check in checks if check["exercise"] in submitted]
    public = Part("public checks", [check for check in graded if not check["hidden"]])
    parts = [public, Part("hidden checks", [c for c in graded if c["hidden"]], hidden)]
    problems = []
    for part in parts:
        if part.checks:
            run = grade_part(part, learner, limits)
            tests += run.tests
            problems += run.problems
    for exercise, outcomes in sorted(by_exercise(tests).items()):
        failed = [test for test in outcomes if test["outcome"] != "passed" and not test["hidden"]]
        if reason := unimportable(failed, [test for test in outcomes if not test["hidden"]]):
            problems.append(f"{exercise}: {reason}")
        elif looped := timed_out(failed):
            problems.append(f"{exercise}: a check {looped['error']}")
    order = {check["nodeid"]: number for number, check in enumerate(checks)}
    return sorted(tests, key=lambda test: order[test["nodeid"]]), problems


def grade_part(part, learner, limits):
    """Grade a part; when its stream shows tampering, each of its exercises alone."""
    run = run_part(part, learner, limits.test_seconds)
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


def catalogue(workdir, hidden=None):
    """Every check with its points, none run, collected with no learner code in sight."""
    tree = prepare_tree(workdir / "catalogue", hidden)
    report = tree / "catalogue.json"
    command = [
        sys.executable, "-m", "pytest", "tests/grading", "--collect-only", "-q",
        "-p", "no:cacheprovider", "--answers", str(tree / "answers"), f"--grade-report={report}",
        *(["--hidden", str(tree / HIDDEN)] if hidden else []),
    ]  # fmt: skip
    env = grading_env(workdir)
    collected = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if collected.returncode:
        raise CatalogueProblem(f"the checks could not be collected:\n{collected.stdout}")
    return json.loads(report.read_text())


def not_run(checks):
    return [dict(check) for check in checks]


def stub_names():
    return set(pristine())


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
    if args.hidden and not args.hidden.is_dir():
        parser.error(f"{args.hidden} is not a folder of hidden tests")
    try:
        if args.answers:
            submissions = [Submission("solutions", REPO_DIR / "solutions")]
        elif args.submissions:
            submissions = find_submissions(args.submissions)
        else:
            parser.error("give a folder of submissions, or --answers solutions")
        grades = grade_class(submissions, args)
    except (SubmissionProblem, OutputProblem, CatalogueProblem) as problem:
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
