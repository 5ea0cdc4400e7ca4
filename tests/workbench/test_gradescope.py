"""The Gradescope autograder: built by `make autograder`, run as Gradescope runs it, in a
temporary root laid out like Gradescope's (source/, submission/, results/)."""

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO_DIR
from workbench.stubs import pristine

pytestmark = pytest.mark.slow  # grades two submissions

HIDDEN_TEST = """
import pytest
from forum.selectors import latest_posts

@pytest.mark.django_db
@pytest.mark.points(2, hint="SECRET hint")
def test_secret_name():
    assert len(latest_posts()) == 20
"""


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("autograder")
    (folder / "hidden").mkdir()
    (folder / "hidden" / "test_ex00_hidden.py").write_text(HIDDEN_TEST)
    done = subprocess.run(
        ["make", "autograder", f"HIDDEN={folder / 'hidden'}", f"AUTOGRADER={folder / 'a.zip'}"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return folder / "a.zip"


def gradescope_run(autograder, root, files):
    """Lay out root as Gradescope does, run run_autograder there, return results.json."""
    with zipfile.ZipFile(autograder) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    for name, text in files.items():
        (root / "submission" / name).write_text(text)
    env = os.environ | {"AUTOGRADER_ROOT": str(root), "WORKBOOK_PYTHON": sys.executable}
    done = subprocess.run(
        ["bash", str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_holds_the_scripts_the_tests_and_the_code_but_no_solution(autograder):
    with zipfile.ZipFile(autograder) as archive:
        names = set(archive.namelist())
        modes = {name: archive.getinfo(name).external_attr >> 16 for name in names}
    assert {"setup.sh", "run_autograder", "hidden/test_ex00_hidden.py"} <= names
    assert modes["run_autograder"] & 0o111
    assert "tests/grading/test_ex00_warm_up.py" in names
    assert "requirements.lock" in names  # setup.sh installs at the lock's versions
    with zipfile.ZipFile(autograder) as archive:  # the stubs, whatever exercises/ holds now
        shipped = {name: archive.read(f"exercises/{name}").decode() for name in pristine()}
    assert shipped == pristine()
    assert "workshop_project/workbench/batch.py" in names
    assert not [name for name in names if name.startswith(("solutions/", "tests/answer_bank"))]


def test_a_correct_submission_scores_full_marks(autograder, tmp_path):
    files = {path.name: path.read_text() for path in (REPO_DIR / "solutions").glob("ex*.py")}
    results = gradescope_run(autograder, tmp_path, files)
    assert results["score"] == sum(test["max_score"] for test in results["tests"]) == 54
    assert {test["visibility"] for test in results["tests"]} == {"visible", "after_published"}
    assert "SECRET" not in json.dumps(results)


def test_a_broken_submission_scores_nothing_and_says_why(autograder, tmp_path):
    results = gradescope_run(autograder, tmp_path, {"ex00_warm_up.py": "def latest_posts(:\n"})
    assert results["score"] == 0
    assert "ex00: SyntaxError" in results["output"]
    assert "(submission/ex00_warm_up.py, line 1)" in results["output"]
