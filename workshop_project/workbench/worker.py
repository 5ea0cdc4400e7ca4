"""A Celery worker running in a thread of this process: no broker or worker processes needed."""

import atexit
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

_running = None  # the ExitStack that stops the worker, while one runs


def start_worker():
    """Start the in-process worker unless one runs already."""
    global _running
    from celery.contrib.testing.worker import start_worker as start_embedded_worker

    from workshop.celery import app

    if _running is None:
        stack = ExitStack()
        worker = start_embedded_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING"
        )
        # Celery's Django fixup closes the database connections of the thread that starts the
        # worker: start it from a thread of its own, so the caller's open transaction survives.
        with ThreadPoolExecutor(max_workers=1) as starter:
            starter.submit(stack.enter_context, worker).result()
        _running = stack


def stop_worker():
    """Stop the in-process worker if one runs."""
    global _running
    if _running is not None:
        stack, _running = _running, None
        stack.close()


atexit.register(stop_worker)  # before the interpreter tears down what the worker thread uses
