"""The autograder gives the reference solutions full marks on a saturated machine, every time."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR

pytestmark = pytest.mark.slow
RUNS = 20
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
    report = tmp_path / "report.json"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    graded = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/grading", "--answers=solutions",
         f"--grading-repeat={RUNS}", f"--grade-report={report}", "--test-timeout=60",
         "-q", "--tb=line", "-p", "no:cacheprovider"],
        cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    checks = json.loads(report.read_text())
    lost = [
        f"{check['test']}: {check['error']}" for check in checks if check["outcome"] != "passed"
    ]
    assert not lost, graded.stdout[-3000:]
    assert len(checks) > 30 * RUNS
