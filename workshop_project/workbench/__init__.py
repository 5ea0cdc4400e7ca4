"""The notebook toolkit: boot the project, measure queries, compare approaches, check exercises."""

from workbench.answers import answers
from workbench.boot import boot
from workbench.check import check
from workbench.compare import compare
from workbench.measure import measure
from workbench.progress import progress, reset
from workbench.sweep import sweep
from workbench.worker import start_worker, stop_worker

__all__ = [
    "answers",
    "boot",
    "check",
    "compare",
    "measure",
    "progress",
    "reset",
    "start_worker",
    "stop_worker",
    "sweep",
]
