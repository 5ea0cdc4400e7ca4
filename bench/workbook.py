"""The workbook as a learner meets it: the first cell of a notebook (imports and boot()) on a
fresh machine and in a restarted kernel, and every notebook run top to bottom.

All on a fresh machine's set-up (SQLite in a new folder, fakeredis, the in-process worker),
whatever database the other chapters use.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from bench.report import Row
from workbench.notebooks import execute, notebook_paths, zero_services_env

CHAPTER = "workbook"
COLD_BOOT_BUDGET_S = 1.0  # migrate and seed the workshop dataset
WARM_BOOT_BUDGET_S = 0.3  # a restarted kernel, the database set up already
NOTEBOOKS_BUDGET_S = 40
FIRST_CELL = """
import IPython, time  # a kernel has IPython loaded before its first cell
started = time.perf_counter()
from workbench import boot
boot()
print(time.perf_counter() - started)
"""


def first_cell_seconds(env):
    """The seconds the notebooks' first cell takes in a new process (its interpreter's own
    start, which a kernel has behind it, not counted)."""
    done = subprocess.run([sys.executable, "-c", FIRST_CELL], env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return float(done.stdout.split()[-1])


def rows(repeat):
    with tempfile.TemporaryDirectory(prefix="workbook-bench-") as data_dir:
        env = zero_services_env(data_dir)
        cold_boot = first_cell_seconds(env)
        warm_boot = min(first_cell_seconds(env) for _ in range(max(1, min(repeat, 3))))
        paths = notebook_paths()
        started = time.perf_counter()
        for path in tqdm(paths, desc="notebooks", unit=" notebook"):
            execute(path, env, cwd=Path(data_dir))
        notebooks = time.perf_counter() - started
    return [
        Row(CHAPTER, f"first cell, fresh machine vs {COLD_BOOT_BUDGET_S} s budget", "s",
            COLD_BOOT_BUDGET_S, cold_boot, target=1),
        Row(CHAPTER, f"first cell, restarted kernel vs {WARM_BOOT_BUDGET_S} s budget", "s",
            WARM_BOOT_BUDGET_S, warm_boot, target=1),
        Row(CHAPTER, f"{len(paths)} notebooks run vs {NOTEBOOKS_BUDGET_S} s budget", "s",
            NOTEBOOKS_BUDGET_S, notebooks, target=1),
    ]  # fmt: skip
