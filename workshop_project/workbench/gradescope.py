"""Grading beyond one machine: a Gradescope autograder, and its run inside Gradescope.

    python -m workbench.gradescope build [--hidden DIR] [--out autograder.zip]   # make autograder
    python -m workbench.gradescope run [--root /autograder]      # what run_autograder calls

Gradescope unzips autograder.zip into /autograder/source and runs its setup.sh once, to build an
image; then, in a container of its own per submission, runs /autograder/run_autograder with the
learner's files in /autograder/submission, and reads /autograder/results/results.json. The zip
holds the project's code, the grading tests, the stubs and any hidden tests: never solutions/.
Each submission is graded as the batch grades one (workbench.batch), sandboxed where the
container lets bubblewrap run.
"""

import argparse
import json
import sys
import tempfile
import zipfile
from pathlib import Path

from workbench.batch import REPO_DIR, Limits, grade_all
from workbench.feedback import gradescope_results
from workbench.sandbox import detect
from workbench.stubs import pristine
from workbench.submissions import Submission

SCRIPTS = Path(__file__).parent / "autograder"  # setup.sh and run_autograder
SHIPPED = ["pyproject.toml", "requirements.lock", "README.md", "workshop_project",
           "tests/__init__.py", "tests/conftest.py", "tests/settings.py",
           "tests/grading"]  # fmt: skip
LEFT_OUT = {"__pycache__", ".ipynb_checkpoints"}
HIDDEN = "hidden"  # where the zip keeps hidden tests


def build(out, hidden=None):
    """Write autograder.zip: the scripts at its root, then the code and tests it grades with."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for script in ("setup.sh", "run_autograder"):
            entry = zipfile.ZipInfo(script)
            entry.external_attr = 0o100755 << 16  # executable, as Gradescope runs them
            archive.writestr(entry, (SCRIPTS / script).read_text())
        for name in SHIPPED:
            add(archive, REPO_DIR / name, name)
        for name, text in pristine().items():  # the stubs, not whatever exercises/ holds now
            archive.writestr(f"exercises/{name}", text)
        if hidden:
            add(archive, Path(hidden), HIDDEN)
    return out


def add(archive, source, name):
    paths = [source] if source.is_file() else sorted(source.rglob("*"))
    for path in paths:
        parts = path.relative_to(source).parts if path != source else ()
        if path.is_file() and not LEFT_OUT & set(parts) and ".egg-info" not in str(path):
            archive.write(path, Path(name, *parts).as_posix())


def run(root):
    """Grade root/submission as Gradescope asks; write root/results/results.json."""
    print(f"Sandbox: {detect().description}")
    try:
        grade = grade_one(root / "submission")
        results = gradescope_results(grade)
        print(f"score: {grade.earned}/{grade.total} {grade.problem}")
    except Exception as error:  # without results.json Gradescope shows nothing: say why instead
        results = {"score": 0, "output": f"The autograder failed ({error}): tell your instructor."}
        print(results["output"])
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(results, indent=2))


def grade_one(submission):
    hidden = REPO_DIR / HIDDEN
    with tempfile.TemporaryDirectory(prefix="workbook-grading-") as workdir:
        (grade,) = grade_all(
            [Submission("submission", submission)],
            Path(workdir),
            Limits(jobs=1),
            hidden if hidden.is_dir() else None,
        )
    return grade


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m workbench.gradescope", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    building = commands.add_parser("build", help="write autograder.zip")
    building.add_argument("--hidden", type=Path, help="a folder of hidden tests (test_exNN_*.py)")
    building.add_argument("--out", type=Path, default=Path("autograder.zip"))
    running = commands.add_parser("run", help="grade one submission, inside Gradescope")
    running.add_argument("--root", type=Path, default=Path("/autograder"))
    args = parser.parse_args(argv)
    if args.command == "build":
        if args.hidden and not args.hidden.is_dir():
            sys.exit(f"{args.hidden} is not a folder of hidden tests")
        print(f"wrote {build(args.out, args.hidden)}: upload it as the assignment's autograder")
    else:
        run(args.root)


if __name__ == "__main__":
    main()
