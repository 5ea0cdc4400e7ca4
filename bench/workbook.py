"""The workbook as a learner meets it: the first boot, and every notebook run top to bottom.

Both on a fresh machine's set-up (SQLite in a new folder, fakeredis, the in-process worker),
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
COLD_BOOT_BUDGET_S = 5
NOTEBOOKS_BUDGET_S = 150
BOOT = "from workbench import boot; boot()"


def rows(repeat):
    with tempfile.TemporaryDirectory(prefix="workbook-bench-") as data_dir:
        env = zero_services_env(data_dir)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", BOOT], env=env, check=True, capture_output=True)
        cold_boot = time.perf_counter() - started
        paths = notebook_paths()
        started = time.perf_counter()
        for path in tqdm(paths, desc="notebooks", unit=" notebook"):
            execute(path, env, cwd=Path(data_dir))
        notebooks = time.perf_counter() - started
    return [
        Row(CHAPTER, f"cold boot vs {COLD_BOOT_BUDGET_S} s budget", "s", COLD_BOOT_BUDGET_S,
            cold_boot, target=1),
        Row(CHAPTER, f"{len(paths)} notebooks run vs {NOTEBOOKS_BUDGET_S} s budget", "s",
            NOTEBOOKS_BUDGET_S, notebooks, target=1),
    ]  # fmt: skip
