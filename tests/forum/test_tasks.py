"""The refresh task, run by a separate `celery worker` process over the real Redis."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.conftest import REPO_DIR
from workbench.worker import stop_worker

DRIVER = """
import time
from workbench import boot
boot("tiny")
from forum.caching import forget, get_author_stats
author_id = 1
forget([author_id])
assert get_author_stats(author_id) is None, "the cache was not cold"
deadline = time.monotonic() + 60
while (entry := get_author_stats(author_id)) is None and time.monotonic() < deadline:
    time.sleep(0.1)
print("filled by the worker" if entry else "nothing cached after 60 s")
"""


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: a real Redis as broker")
def test_a_separate_worker_process_fills_the_cache(run_python, tmp_path):
    stop_worker()  # this process must not take the task
    booted = run_python("-c", "from workbench import boot; boot('tiny')")
    assert booted.returncode == 0, booted.stderr
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workshop", "worker", "--pool", "solo",
         "--loglevel", "WARNING"],
        cwd=REPO_DIR / "workshop_project",
        env=run_python.env | {"WORKBOOK_ANSWERS": "solutions"},
    )  # fmt: skip
    try:
        driven = run_python("-c", DRIVER, WORKBOOK_ANSWERS="solutions")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert driven.stdout.splitlines()[-1] == "filled by the worker", driven.stderr
