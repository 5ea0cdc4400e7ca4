"""The notebook toolkit: boot the project, measure queries, compare approaches, check exercises."""

from workbench.answers import load_answer
from workbench.boot import boot
from workbench.check import check
from workbench.compare import compare
from workbench.measure import measure
from workbench.sweep import sweep
from workbench.worker import start_worker, stop_worker

__all__ = [
    "boot",
    "check",
    "compare",
    "load_answer",
    "measure",
    "start_worker",
    "stop_worker",
    "sweep",
]
