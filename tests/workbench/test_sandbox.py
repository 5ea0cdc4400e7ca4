import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR
from workbench.sandbox import SCRATCH_BYTES, Sandbox, detect

sandboxed = pytest.mark.skipif(not detect().sandboxed, reason=detect().why_not)


@pytest.fixture
def run_sandboxed(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "given.txt").write_text("read me")
    (tmp_path / "plan.json").write_text("the plan")

    def run(code):
        sandbox = Sandbox()
        with open(tmp_path / "plan.json", "rb") as plan:
            command = sandbox.command([sys.executable, "-c", code], tree, plan)
            return subprocess.run(
                command, pass_fds=sandbox.descriptors(plan), capture_output=True, text=True
            )

    return run


@sandboxed
def test_reads_its_tree_and_plan_and_writes_only_in_memory(run_sandboxed):
    done = run_sandboxed(
        "import os, pathlib\n"
        "print(pathlib.Path('/grading/given.txt').read_text())\n"
        "print(pathlib.Path('/scratch/plan.json').read_text())\n"
        "for folder in ('/scratch', '/tmp'):\n"
        "    sizes = os.statvfs(folder)\n"
        "    print(sizes.f_blocks * sizes.f_frsize)\n"
        "for path in ('/grading/mine.txt', '/usr/mine.txt'):\n"
        "    try:\n"
        "        pathlib.Path(path).write_text('x')\n"
        "    except OSError as error:\n"
        "        print(error.strerror)\n"
    )
    assert done.stdout.splitlines() == [
        "read me",
        "the plan",
        str(SCRATCH_BYTES),
        str(SCRATCH_BYTES),
        "Read-only file system",
        "Read-only file system",
    ]


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
    assert sandbox.command(["python"], "tree", plan=None) == ["python"]
    assert sandbox.descriptors(plan=None) == ()
    assert sandbox.paths("tree", "scratch") == ("tree", "scratch")
    assert sandbox.description == "NONE, ran unsandboxed: bubblewrap is not installed"


@pytest.mark.skipif(
    not os.environ.get("CI"), reason="CI installs bubblewrap; elsewhere it may not run"
)
def test_ci_grades_in_the_sandbox_wherever_the_project_lives():
    """CI's clone may live under /tmp, which the sandbox replaces with a folder in memory: the
    project's code must still be there, or every sandboxed test would quietly skip."""
    assert detect().sandboxed, detect().why_not
