"""Confine a grading process: bubblewrap where it works, plainly unconfined where it does not.

In the sandbox (Linux with bubblewrap) the process has its own user, PID, network, IPC and UTS
namespaces: no network, no other process in sight, every capability dropped. It sees the system
(/usr, /etc...), Python and the project's code read-only, its grading tree read-only at /grading,
and nothing else of the machine (no solutions/, no other learner, no grading output, no hidden
test but its own); it writes only in its scratch folder, mounted at /scratch and at /tmp. It
dies with the batch, and every process it starts dies when its first process ends.

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

    def command(self, argv, tree, scratch):
        """argv, confined to the tree (read-only) and the scratch folder (writable)."""
        if not self.sandboxed:
            return argv
        readable = sorted({Path(sys.prefix), Path(sys.base_prefix), CODE})
        return [
            "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            *system_mounts(),
            *[arg for path in readable for arg in ("--ro-bind", str(path), str(path))],
            "--ro-bind", str(tree), str(TREE),
            "--bind", str(scratch), str(SCRATCH),
            "--bind", str(scratch), "/tmp",
            "--dev", "/dev", "--proc", "/proc", "--chdir", str(TREE),
            *argv,
        ]  # fmt: skip


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
    with tempfile.TemporaryDirectory() as tree, tempfile.TemporaryDirectory() as scratch:
        probe = [sys.executable, "-c", "import workbench"]
        tried = subprocess.run(
            sandbox.command(probe, tree, scratch), capture_output=True, text=True, timeout=60
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
