import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR
from workbench.sandbox import Sandbox, detect

sandboxed = pytest.mark.skipif(not detect().sandboxed, reason=detect().why_not)


@pytest.fixture
def run_sandboxed(tmp_path):
    tree, scratch = tmp_path / "tree", tmp_path / "scratch"
    tree.mkdir()
    scratch.mkdir()
    (tree / "given.txt").write_text("read me")

    def run(code):
        command = Sandbox().command([sys.executable, "-c", code], tree, scratch)
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    run.scratch = scratch
    return run


@sandboxed
def test_sees_its_tree_and_writes_only_its_scratch_folder(run_sandboxed):
    done = run_sandboxed(
        "import pathlib\n"
        "print(pathlib.Path('/grading/given.txt').read_text())\n"
        "pathlib.Path('/scratch/made.txt').write_text('x')\n"
        "for path in ('/grading/mine.txt', '/usr/mine.txt'):\n"
        "    try:\n"
        "        pathlib.Path(path).write_text('x')\n"
        "    except OSError as error:\n"
        "        print(error.strerror)\n"
    )
    assert done.stdout.splitlines() == ["read me", "Read-only file system", "Read-only file system"]
    assert (run_sandboxed.scratch / "made.txt").exists()


@sandboxed
def test_sees_no_solutions_no_network_and_no_other_process(run_sandboxed):
    done = run_sandboxed(
        "import os, pathlib, socket\n"
        f"print(pathlib.Path({str(REPO_DIR / 'solutions')!r}).exists())\n"
        "print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n"
        "print([name for _, name in socket.if_nameindex()])\n"
    )
    assert done.stdout.splitlines() == ["False", "[1, 2]", "['lo']"]


def test_unsandboxed_runs_the_command_as_it_is_and_says_why():
    sandbox = Sandbox("bubblewrap is not installed")
    assert sandbox.command(["python"], "tree", "scratch") == ["python"]
    assert sandbox.paths("tree", "scratch") == ("tree", "scratch")
    assert sandbox.description == "NONE, ran unsandboxed: bubblewrap is not installed"
