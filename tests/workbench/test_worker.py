import pytest

from workbench.worker import start_worker, stop_worker
from workshop.celery import app


@app.task(ignore_result=False)
def add(x, y):
    return x + y


@pytest.fixture
def worker():
    start_worker()
    yield
    stop_worker()


def test_runs_tasks_in_this_process(worker):
    assert add.delay(2, 3).get(timeout=10) == 5


def test_start_and_stop_are_idempotent(worker):
    start_worker()
    assert add.delay(1, 1).get(timeout=10) == 2
    stop_worker()
    stop_worker()
