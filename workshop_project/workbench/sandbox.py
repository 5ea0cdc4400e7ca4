"""Confine a grading process: bubblewrap where it works, plainly unconfined where it does not.

In the sandbox (Linux with bubblewrap) the process has its own user, PID, network, IPC and UTS
namespaces: no network, no other process in sight, every capability dropped. It sees the system
(/usr, /etc...), Python and the project's code read-only, its grading tree read-only at /grading,
and nothing else of the machine (no solutions/, no other learner, no grading output, no hidden
test but its own); it writes only in two folders in memory, /scratch (which holds a copy of its
plan) and /tmp, of SCRATCH_BYTES each: it cannot fill the disk. It dies with the batch, and every
process it starts dies when its first process ends. Needs bubblewrap 0.7 or newer (--size).

Elsewhere (macOS; a container that forbids namespaces) the process runs as the grading user, with
the same resource limits, and `why_not` says why, for the batch to say plainly.
"""

import functools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import workbench

SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
TREE, SCRATCH = Path("/grading"), Path("/scratch")
CODE = Path(workbench.__file__).resolve().parents[1]  # the project's packages: workbench, forum...
MAX_OUTPUT_BYTES = 32 * 2**20
MAX_MEMORY_BYTES = 2 * 2**30
SCRATCH_BYTES = 256 * 2**20  # a grading process's database and temporary files
PLAN = "plan.json"
GET_BUBBLEWRAP = "install bubblewrap (Debian, Ubuntu: apt-get install bubblewrap)"


@dataclass(frozen=True)
class Sandbox:
    why_not: str = ""  # why there is none: empty when grading runs sandboxed

    @property
    def sandboxed(self):
        return not self.why_not

    @property
    def description(self):
        """What the gradebook and the console say of it."""
        return "bubblewrap" if self.sandboxed else f"NONE, ran unsandboxed: {self.why_not}"

    def paths(self, tree, scratch):
        """Where the process sees its grading tree and its scratch folder."""
        return (TREE, SCRATCH) if self.sandboxed else (tree, scratch)

    def command(self, argv, tree, plan):
        """argv, confined to the tree (read-only) and its scratch folders, the first holding a
        copy of `plan`, an open file (whose descriptor the process must be given)."""
        if not self.sandboxed:
            return argv
        readable = sorted({Path(sys.prefix), Path(sys.base_prefix), CODE})
        # /tmp first: the code bound after it may live under /tmp (a clone there, as CI's).
        return [
            "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            *system_mounts(),
            "--size", str(SCRATCH_BYTES), "--tmpfs", "/tmp",
            *[arg for path in readable for arg in ("--ro-bind", str(path), str(path))],
            "--ro-bind", str(tree), str(TREE),
            "--size", str(SCRATCH_BYTES), "--tmpfs", str(SCRATCH),
            "--file", str(plan.fileno()), str(SCRATCH / PLAN),
            "--dev", "/dev", "--proc", "/proc", "--chdir", str(TREE),
            *argv,
        ]  # fmt: skip

    def descriptors(self, plan):
        """The descriptors the process must be given: the plan's, in the sandbox; unsandboxed,
        none (the process reads the plan where it was written)."""
        return (plan.fileno(),) if self.sandboxed else ()


def system_mounts():
    for path in SYSTEM:
        if os.path.islink(path):
            yield from ("--symlink", os.readlink(path), path)
        elif os.path.isdir(path):
            yield from ("--ro-bind", path, path)


@functools.cache
def detect():
    """The sandbox this machine offers: tried once, with the Python that grades."""
    if not sys.platform.startswith("linux"):
        return Sandbox(f"bubblewrap needs Linux; this is {sys.platform}")
    if shutil.which("bwrap") is None:
        return Sandbox(f"bubblewrap is not installed: {GET_BUBBLEWRAP}")
    sandbox = Sandbox()
    with tempfile.TemporaryDirectory() as tree, tempfile.TemporaryFile() as plan:
        probe = sandbox.command([sys.executable, "-c", "import workbench"], tree, plan)
        tried = subprocess.run(
            probe, pass_fds=sandbox.descriptors(plan), capture_output=True, text=True, timeout=60
        )
    if tried.returncode:
        reason = (tried.stderr.strip().splitlines() or ["no reason given"])[-1]
        return Sandbox(f"bubblewrap cannot make a sandbox here ({reason})")
    return sandbox


def limit_resources(cpu_seconds):
    """For preexec_fn: CPU seconds, memory and the size of any file written (the output too)."""
    cpu = int(cpu_seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES))
    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY_BYTES, MAX_MEMORY_BYTES))
