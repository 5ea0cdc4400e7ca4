"""Grade a whole class: each submission in its own copy, process and SQLite database, in parallel.

    python -m workbench.batch SUBMISSIONS [--out grading-output] [--jobs 2] [--hidden DIR]
    python -m workbench.batch --answers solutions     # preflight: the reference must score 100%

Isolation, plainly: each submission runs in a separate process, in a temporary copy of the
autograder with its own SQLite file, under a per-test and a per-submission timeout and the
resource limits the OS offers (CPU seconds, memory, size of files written). There is no
filesystem or network sandbox: the learner's code runs as the grading user and can read or
write what that user can. Grade untrusted submissions inside a container or a throwaway VM.
"""

import argparse
import json
import os
import resource
import shutil
import signal
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
from workbench.scores import points
from workbench.submissions import Submission, SubmissionProblem, find_submissions

REPO_DIR = Path(__file__).resolve().parents[2]
HIDDEN = "tests/grading/hidden"
AUTOGRADER = [
    "pyproject.toml",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/settings.py",
    "tests/grading",
]
MAX_OUTPUT_BYTES = 32 * 2**20
MAX_MEMORY_BYTES = 2 * 2**30


@dataclass
class Limits:
    jobs: int = os.cpu_count() or 1
    test_seconds: float = 10
    submission_seconds: float = 120


@dataclass
class Grade:
    learner: str
    tests: list  # one dict per graded test, as the grading plugin reports them
    problem: str = ""  # why some or all of the submission could not be graded
    seconds: float = 0.0

    @property
    def earned(self):
        return points(self.tests)[0]

    @property
    def total(self):
        return points(self.tests)[1]


def grade_all(submissions, workdir, limits, hidden=None):
    """Grade submissions in parallel (limits.jobs processes); yield each Grade as it is done."""
    ungraded = catalogue(prepare_copy(workdir / ".catalogue", hidden))
    with ThreadPoolExecutor(max_workers=limits.jobs) as pool:
        futures = [
            pool.submit(grade_submission, submission, workdir, limits, hidden, ungraded)
            for submission in submissions
        ]
        for future in as_completed(futures):
            yield future.result()


def grade_submission(submission, workdir, limits, hidden, ungraded):
    """Grade one submission in a fresh copy of the autograder under workdir."""
    start = time.perf_counter()
    copy = prepare_copy(workdir / submission.learner, hidden)
    try:
        submission.gather(copy / "answers")
    except SubmissionProblem as problem:
        return Grade(submission.learner, ungraded, str(problem))
    report = workdir / f"{submission.learner}.report.json"  # outside the learner's copy
    problem = run_grader(copy, report, limits)
    tests = json.loads(report.read_text()) if report.exists() else ungraded
    return Grade(submission.learner, tests, problem, time.perf_counter() - start)


def prepare_copy(copy, hidden):
    """A folder with the autograder (and the hidden tests): all that one grading run sees."""
    for name in AUTOGRADER:
        source, target = REPO_DIR / name, copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    if hidden:  # under tests/grading/, so that the autograder's fixtures apply to them too
        shutil.copytree(hidden, copy / HIDDEN, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "answers").mkdir()
    return copy


def pytest_command(copy, report, *extra):
    hidden = [HIDDEN, "--hidden", str(copy / HIDDEN)] if (copy / HIDDEN).exists() else []
    return [
        sys.executable,
        "-m",
        "pytest",
        "tests/grading",
        "-p",
        "no:cacheprovider",
        "--answers",
        str(copy / "answers"),
        f"--grade-report={report}",
        "-q",
        "--tb=no",
        *hidden,
        *extra,
    ]


def grading_env(copy):
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "WORKBOOK_DATA_DIR": str(copy / "data"),
        "HOME": str(copy),
    }


def run_grader(copy, report, limits):
    """Run the autograder on one copy; return why it stopped early, or ""."""

    def limit_resources():
        cpu = int(limits.submission_seconds) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES))
        resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY_BYTES, MAX_MEMORY_BYTES))

    command = pytest_command(copy, report, "--test-timeout", str(limits.test_seconds))
    with open(copy / "output.txt", "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=copy,
            env=grading_env(copy),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=limit_resources,
            start_new_session=True,
        )
        try:
            code = process.wait(timeout=limits.submission_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return f"stopped after the per-submission timeout of {limits.submission_seconds:g} s"
    return explain_exit(code)


def explain_exit(code):
    if code in (0, 1):  # pytest: all passed, or some failed
        return ""
    if code < 0:
        return f"stopped by signal {signal.Signals(-code).name} (memory or CPU limit?)"
    return (
        f"the grading process ended early with exit code {code}: does the submission call "
        "os._exit()?"
    )


def catalogue(copy):
    """Every graded test with its points, none run: the grade of a submission that cannot run."""
    report = copy / "catalogue.json"
    command = pytest_command(copy, report, "--collect-only")
    subprocess.run(command, cwd=copy, env=grading_env(copy), capture_output=True, check=True)
    return json.loads(report.read_text())


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
        help="where to write (default: grading-output)",
    )
    parser.add_argument("--hidden", type=Path, help="a folder of hidden tests (test_exNN_*.py)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=Limits.jobs,
        help="submissions graded at once (default: the number of cores)",
    )
    parser.add_argument(
        "--test-timeout", type=float, default=Limits.test_seconds, help="seconds per test"
    )
    parser.add_argument(
        "--timeout", type=float, default=Limits.submission_seconds, help="seconds per submission"
    )
    args = parser.parse_args(argv)
    if args.answers:
        submissions = [Submission("solutions", REPO_DIR / "solutions")]
    elif args.submissions:
        submissions = find_submissions(args.submissions)
    else:
        parser.error("give a folder of submissions, or --answers solutions")
    limits = Limits(args.jobs, args.test_timeout, args.timeout)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="workbook-grading-") as workdir:
        graded = grade_all(submissions, Path(workdir), limits, args.hidden)
        grades = list(tqdm(graded, total=len(submissions), desc="grading", unit=" submissions"))
    grades.sort(key=lambda grade: grade.learner)
    print(write_outputs(grades, args.out))
    seconds = [grade.seconds for grade in grades]
    print(
        f"{len(grades)} submissions in {time.perf_counter() - start:.1f} s "
        f"(median {statistics.median(seconds):.1f} s each); wrote {args.out}/grades.csv"
    )
    if args.answers and any(grade.earned < grade.total or grade.problem for grade in grades):
        sys.exit("preflight FAILED: the reference solutions must score full marks")


if __name__ == "__main__":
    main()
