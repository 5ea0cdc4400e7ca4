"""The autograder gives the reference solutions full marks on a saturated machine, every time."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR

pytestmark = pytest.mark.slow
RUNS = 20
GRADERS = 4  # grading processes at once: the batch, check()s and the burners share 2 cores
BURNERS = 2  # CPU-bound processes, one per core of the machine the budget is set for


@pytest.fixture
def saturated_machine():
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BURNERS)]
    yield
    for burner in burners:
        burner.kill()
        burner.wait()


def test_the_solutions_lose_no_point_in_20_gradings_on_a_saturated_machine(
    saturated_machine, tmp_path
):
    reports = [tmp_path / f"report{number}.json" for number in range(GRADERS)]
    graders = [
        start_grading(number, report, RUNS // GRADERS) for number, report in enumerate(reports)
    ]
    outputs = [grader.communicate(timeout=900)[0] for grader in graders]
    checks = [check for report in reports for check in json.loads(report.read_text())]
    lost = [
        f"{check['test']}: {check['error']}" for check in checks if check["outcome"] != "passed"
    ]
    assert not lost, "\n".join(output[-1500:] for output in outputs)
    assert len(checks) > 30 * RUNS


def start_grading(number, report, runs):
    """A grading process of the solutions, `runs` times over; its cache keys and Celery queue
    are its own (tests/settings.py), as a check() beside another has."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["WORKBOOK_CHECK_RUN"] = f"load_{os.getpid()}_{number}"
    command = [
        sys.executable, "-m", "pytest", "tests/grading", "--answers=solutions",
        f"--grading-repeat={runs}", f"--grade-report={report}", "--test-timeout=60", "-q",
        "--tb=line", "-p", "no:cacheprovider",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=REPO_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
