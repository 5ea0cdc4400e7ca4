"""A held-out class of hostile submissions, graded as the README says (`python -m workbench.batch`).

Each attack of issue 14 is a learner here, and a test that fails if the attack works: the batch
finishes, every learner gets a row, and no learner scores above the honest points of the honest
parts of their submission. The attackers know every path on the machine (the test writes them
into their code), as a learner who read this repository would.
"""

import csv
import json
import os
import re
import stat
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO_DIR
from workbench.sandbox import SCRATCH_BYTES, detect

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not detect().sandboxed, reason=f"needs the sandbox: {detect().why_not}"),
]

EX00, EX01 = "ex00_warm_up.py", "ex01_approximate_counts.py"
SOLUTION = {name: (REPO_DIR / "solutions" / name).read_text() for name in (EX00, EX01)}
NAIVE_EX00 = (
    "from forum.models import Post\n\ndef latest_posts():\n    return Post.objects.all()[:20]\n"
)
STUB_EX00 = (REPO_DIR / "exercises" / EX00).read_text()
MARKER = "workbook-hostile-helper"  # in the command line of every process an attacker starts
HIDDEN_TEST = """
import pytest
from forum.selectors import latest_posts

@pytest.mark.django_db
@pytest.mark.points(2, hint="SECRET hint")
def test_secret_name():
    assert len(latest_posts()) == 20, "SECRET assertion"
"""
# ex00 is worth 4 public points and 2 hidden ones; the naive answer earns 2 + 2, the stub 0.
HONEST_EX00 = {"naive": 4, "stub": 0, "solution": 6}

KILLS_THE_BATCH = """
import os, signal
for number in (signal.SIGTERM, signal.SIGKILL):
    os.kill(os.getppid(), number)
"""
ATEXIT_FORGER = """
import atexit, glob, json, os, secrets

def forge():
    ids = []
    for path in glob.glob("/scratch/*.json") + glob.glob("{workdir}/*/*/*/scratch/plan.json"):
        plan = json.load(open(path))
        ids += list(plan["checks"].values())
    for descriptor in range(3, 64):
        for check_id in ids or [secrets.token_hex(8) for _ in range(40)]:
            record = {{"id": check_id, "outcome": "passed", "error": "", "location": "",
                      "unimportable": False}}
            try:
                os.write(descriptor, (json.dumps(record) + "\\n").encode())
            except OSError:
                break
    for path in glob.glob("{out}/*/results.json"):
        open(path, "w").write(json.dumps({{"score": 45}}))

atexit.register(forge)
"""
PATCHES_REPORTS = """
import sys

reports = sys.modules["_pytest.reports"]
made = reports.TestReport.from_item_and_call

def passed(item, call):
    report = made(item, call)
    report.outcome = "passed"
    return report

reports.TestReport.from_item_and_call = passed
"""
FORGES_THE_STREAM = """
import json, os, stat, secrets

for descriptor in range(3, 64):
    try:
        if not stat.S_ISFIFO(os.fstat(descriptor).st_mode):
            continue
        for _ in range(40):
            record = {"id": secrets.token_hex(8), "outcome": "passed", "error": "",
                      "location": "", "unimportable": False}
            os.write(descriptor, (json.dumps(record) + "\\n").encode())
    except OSError:
        pass
"""
USES_THE_SOLUTIONS = """
import os, runpy
from django.conf import settings

os.environ["WORKBOOK_ANSWERS"] = "solutions"
settings.WORKBOOK_ANSWERS = "{repo}/solutions"

def latest_posts():
    for path in ("{repo}/solutions/{ex00}", "{submissions}/full/{ex00}"):
        try:
            return runpy.run_path(path)["latest_posts"]()
        except OSError:
            pass
    from core.extension_points import answer_module
    return answer_module("ex00").latest_posts()
"""
HELPER = """
import os, subprocess, sys

code = '''
import glob, os, time
for _ in range(600):
    for path in glob.glob("{workdir}/*/*/answers/*.py") + glob.glob("{submissions}/*/*.py"):
        try:
            open(path, "a").write("\\\\nraise SystemExit(3)\\\\n")
        except OSError:
            pass
    try:
        os.makedirs("{out}/fake", exist_ok=True)
        open("{out}/fake/results.json", "w").write('{{"score": 45}}')
        rows = open("{out}/grades.csv").read().replace(",0,", ",45,")
        open("{out}/grades.csv", "w").write(rows)
    except OSError:
        pass
    time.sleep(0.1)
'''
if os.fork() == 0:
    os.setsid()
    subprocess.Popen([sys.executable, "-c", code, "{marker}"], start_new_session=True)
    os._exit(0)
"""
LEAKS_HIDDEN_TESTS = """
import glob

def latest_posts():
    found = []
    paths = glob.glob("/grading/**/*.py", recursive=True) + glob.glob("{hidden}/*.py")
    for path in paths + glob.glob("{workdir}/**/hidden/*.py", recursive=True):
        text = open(path).read()
        if "SECRET" in text:
            found.append(path + ": " + text.replace("\\n", " "))
    raise RuntimeError("found: " + " ".join(found))
"""

FILLS_THE_DISK = """
import os

def latest_posts():
    written = 0
    for place, folder in enumerate(("/scratch", "/tmp", os.getcwd(), os.path.expanduser("~"))):
        for number in range(80):
            try:
                with open(os.path.join(folder, f"fill{place}-{number}"), "wb") as file:
                    file.write(b"0" * 2**24)
                written += 2**24
            except OSError:
                break
    raise RuntimeError(f"wrote {written} bytes")
"""
ODD_ERROR_TEXT = """
def latest_posts():
    raise RuntimeError("\\ud800 <b>bold</b> | \\x1b[31m" + "x" * 10_000 + "\\rthe rest")
"""
NESTED_RECORDS = """
import os, stat

for descriptor in range(3, 64):
    try:
        if stat.S_ISFIFO(os.fstat(descriptor).st_mode):
            os.write(descriptor, b"[" * 100_000 + b"\\n")
    except OSError:
        pass
"""


def zip_with_link(path, name, target):
    """A zip holding a link entry, as `zip --symlinks` makes them."""
    with zipfile.ZipFile(path, "w") as archive:
        entry = zipfile.ZipInfo(name)
        entry.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(entry, target)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the hostile class once, as an instructor does; return (output folder, rows)."""
    root = tmp_path_factory.mktemp("hostile")
    submissions, out, hidden, workdir = (root / name for name in ("class", "out", "hidden", "tmp"))
    hidden.mkdir()
    workdir.mkdir()
    (hidden / "test_ex00_hidden.py").write_text(HIDDEN_TEST)
    paths = {"repo": REPO_DIR, "submissions": submissions, "out": out, "workdir": workdir,
             "hidden": hidden, "marker": MARKER, "ex00": EX00}  # fmt: skip
    learners = {
        "full": {EX00: SOLUTION[EX00], EX01: SOLUTION[EX01]},
        "kills_the_batch": {EX00: NAIVE_EX00 + KILLS_THE_BATCH},
        "atexit_forger": {EX00: NAIVE_EX00 + ATEXIT_FORGER.format(**paths)},
        "patches_reports": {EX00: NAIVE_EX00 + PATCHES_REPORTS, EX01: SOLUTION[EX01]},
        "forges_the_stream": {EX00: NAIVE_EX00 + FORGES_THE_STREAM, EX01: SOLUTION[EX01]},
        "uses_the_solutions": {EX00: USES_THE_SOLUTIONS.format(**paths)},
        "helper_process": {EX00: NAIVE_EX00 + HELPER.format(**paths)},
        "leaks_hidden_tests": {EX00: LEAKS_HIDDEN_TESTS.format(**paths)},
        "syntax_error": {EX00: "def latest_posts(:\n    pass\n"},
        "alice": {EX00: NAIVE_EX00},
        "fills_the_disk": {EX00: FILLS_THE_DISK},
        "odd_error_text": {EX00: ODD_ERROR_TEXT},
        "nested_records": {EX00: NAIVE_EX00 + NESTED_RECORDS, EX01: SOLUTION[EX01]},
    }
    for learner, files in learners.items():
        (submissions / learner).mkdir(parents=True)
        for name, text in files.items():
            (submissions / learner / name).write_text(text)
    emacs = submissions / "emacs_lock_file"
    emacs.mkdir()
    (emacs / EX00).write_text(NAIVE_EX00)
    (emacs / f".#{EX01}").symlink_to("learner@laptop.4242:1700000000")
    folder_named_py = submissions / "folder_named_py"
    (folder_named_py / EX00).mkdir(parents=True)
    (folder_named_py / EX01).write_text(SOLUTION[EX01])
    links = submissions / "links_to_solutions"
    (links / "nested").mkdir(parents=True)
    (links / EX00).symlink_to(REPO_DIR / "solutions" / EX00)
    (links / "nested" / "exercises").symlink_to(REPO_DIR / "solutions")
    zip_with_link(submissions / "zipped_link.zip", EX00, f"../../solutions/{EX00}")
    with zipfile.ZipFile(submissions / "alice.zip", "w") as archive:
        archive.writestr(EX00, SOLUTION[EX00])
    with zipfile.ZipFile(submissions / "huge_entry.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"exercises/{EX00}", NAIVE_EX00)
        archive.writestr(f"exercises/{EX01}", b"#" * 64 * 2**20)
    before = fingerprint(submissions)
    command = [sys.executable, "-m", "workbench.batch", str(submissions), "--out", str(out),
               "--hidden", str(hidden), "--test-timeout", "5"]  # fmt: skip
    done = subprocess.run(
        command,
        cwd=REPO_DIR,
        env=os.environ | {"TMPDIR": str(workdir)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert fingerprint(submissions) == before, "a learner's file changed"
    assert list(workdir.iterdir()) == [], "temporary folders left"
    with open(out / "grades.csv") as file:
        return out, {row["learner"]: row for row in csv.DictReader(file)}


def fingerprint(folder):
    """Each regular file's content, and each link's target."""
    return {
        path: os.readlink(path) if path.is_symlink() else path.read_bytes()
        for path in folder.rglob("*")
        if path.is_symlink() or path.is_file()
    }


def helpers_alive():
    """Processes an attacker started that still run (found by the marker in their command)."""
    alive = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                if MARKER.encode() in file.read():
                    alive.append(int(entry))
        except (OSError, ValueError):
            continue
    return alive


def test_the_batch_grades_every_learner(graded):
    out, rows = graded
    assert set(rows) == {
        "full", "kills_the_batch", "atexit_forger", "patches_reports", "forges_the_stream",
        "uses_the_solutions", "helper_process", "leaks_hidden_tests", "syntax_error", "alice",
        "alice.zip", "emacs_lock_file", "folder_named_py", "links_to_solutions", "zipped_link",
        "huge_entry", "fills_the_disk", "odd_error_text", "nested_records",
    }  # fmt: skip
    assert {row["max"] for row in rows.values()} == {"54"}  # 52 public points, 2 hidden
    assert sorted(path.name for path in out.iterdir() if path.is_dir()) == sorted(rows)


@pytest.mark.parametrize(
    ("learner", "honest"),
    [
        ("kills_the_batch", "naive"),
        ("atexit_forger", "naive"),
        ("patches_reports", "stub"),  # its grading was tampered with: ex00 scores nothing
        ("forges_the_stream", "stub"),
        ("uses_the_solutions", "stub"),
        ("helper_process", "naive"),
        ("leaks_hidden_tests", "stub"),
        ("syntax_error", "stub"),
        ("alice", "naive"),
        ("alice.zip", "solution"),
        ("emacs_lock_file", "naive"),
        ("folder_named_py", "stub"),
        ("links_to_solutions", "stub"),
        ("zipped_link", "stub"),
        ("huge_entry", "naive"),
        ("fills_the_disk", "stub"),
        ("odd_error_text", "stub"),
        ("nested_records", "stub"),
    ],
)
def test_no_attack_scores_above_the_honest_points(graded, learner, honest):
    _, rows = graded
    assert int(rows[learner]["ex00"]) == HONEST_EX00[honest]


@pytest.mark.parametrize("learner", ["patches_reports", "forges_the_stream", "nested_records"])
def test_a_tampered_exercise_scores_nothing_and_the_honest_ones_keep_their_points(graded, learner):
    out, rows = graded
    assert "ex00 public checks: grading was tampered with" in rows[learner]["problem"]
    assert rows[learner]["ex01"] == rows["full"]["ex01"]
    assert "grading was tampered with" in (out / learner / "feedback.md").read_text()


def test_no_process_an_attacker_started_outlives_the_batch(graded):
    assert helpers_alive() == []


def test_a_submission_writes_no_more_than_its_scratch_folders_hold(graded):
    out, _ = graded
    written = re.search(r"wrote (\d+) bytes", (out / "fills_the_disk" / "feedback.md").read_text())
    assert 0 < int(written.group(1)) <= 2 * SCRATCH_BYTES


def test_what_a_learner_wrote_is_shown_as_plain_text(graded):
    out, _ = graded
    feedback = (out / "odd_error_text" / "feedback.md").read_text()
    assert "(RuntimeError: \ufffd <b>bold</b> / ?[31mxxx" in feedback
    assert "x" * 300 not in feedback
    assert "&lt;b&gt;bold" in (out / "report.html").read_text()


def test_the_output_holds_only_what_the_batch_wrote_and_it_agrees(graded):
    out, rows = graded
    assert not (out / "fake").exists()
    for learner, row in rows.items():
        results = json.loads((out / learner / "results.json").read_text())
        assert results["score"] == int(row["total"])
        score = f"Score: **{row['total']}/{row['max']}**"
        assert score in (out / learner / "feedback.md").read_text()


def test_no_attack_changes_another_learners_grade(graded):
    _, rows = graded
    assert (rows["full"]["ex00"], rows["full"]["ex01"], rows["full"]["total"]) == ("6", "12", "18")


def test_hidden_tests_never_leak(graded):
    out, _ = graded
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert "SECRET" not in text, path
            assert "secret_name" not in text, path


@pytest.mark.parametrize(
    ("learner", "problem"),
    [
        ("syntax_error", "ex00: SyntaxError: "),
        ("syntax_error", "(syntax_error/ex00_warm_up.py, line 1)"),
        ("folder_named_py", "folder_named_py/ex00_warm_up.py is a folder, not a file"),
        ("links_to_solutions", "links_to_solutions/ex00_warm_up.py is a link"),
        ("zipped_link", "zipped_link.zip/ex00_warm_up.py is a link"),
        ("huge_entry", "huge_entry.zip/exercises/ex01_approximate_counts.py is 64 MB"),
        ("alice", "alice/ and alice.zip"),
    ],
)
def test_says_what_it_could_not_grade_in_the_learners_terms(graded, learner, problem):
    out, rows = graded
    assert problem in rows[learner]["problem"]
    feedback = (out / learner / "feedback.md").read_text()
    assert problem in feedback
    assert "/grading" not in feedback
    assert "workbook-grading" not in feedback
