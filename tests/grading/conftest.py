"""The autograder's fixtures: the graded answers serve the real site, and pages are requested."""

from pathlib import Path

import pytest
from celery.signals import after_task_publish, task_postrun
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def pytest_collection_modifyitems(items):
    """A learner's warnings are not failures (the project's own tests make them errors)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.filterwarnings("default"))


@pytest.fixture
def answers_folder(request):
    """The folder graded: --answers (exercises/ by default)."""
    choice = request.config.getoption("--answers") or "exercises"
    return django_settings.ANSWERS_FOLDERS.get(choice) or Path(choice).absolute()


@pytest.fixture(autouse=True)
def graded_answers(answers_folder, settings):
    """The graded answers serve the project's extension points; an unwritten stub raises."""
    settings.WORKBOOK_ANSWERS = answers_folder
    settings.WORKBOOK_FALLBACK_TO_NAIVE = False


class Page:
    """A page of the site as the test client got it, with the queries it ran."""

    def __init__(self, client, path, **params):
        with CaptureQueriesContext(connection) as queries:
            self.response = client.get(path, params)
        self.queries = [query["sql"] for query in queries.captured_queries]
        self.text = self.response.content.decode()

    def context(self, name):
        return self.response.context[name]


@pytest.fixture
def get_page(client):
    """Request a page of the site: get_page("/latest/") served by the graded answers."""
    return lambda path, **params: Page(client, path, **params)


@pytest.fixture
def get_naive_page(client, settings):
    """Request a page of the site as the project wrote it, without any answer."""

    def get(path, **params):
        graded = settings.WORKBOOK_ANSWERS
        settings.WORKBOOK_ANSWERS = None
        try:
            return Page(client, path, **params)
        finally:
            settings.WORKBOOK_ANSWERS = graded

    return get


class WorkerTasks:
    """The tasks queued since the fixture began, and which of them have run, by Celery's signals:
    a task an earlier test left in the queue may run first, and does not count."""

    def __init__(self):
        self.queued, self.run = set(), set()

    def count_queued(self, headers=None, **kwargs):
        self.queued.add(headers["id"])

    def count_run(self, task_id=None, **kwargs):
        self.run.add(task_id)

    def settled(self):
        """Whether something was queued and the worker has run all of it."""
        return bool(self.queued) and self.queued <= self.run


@pytest.fixture
def worker_tasks():
    """Count the tasks queued and run: a check waits for the worker, not for a deadline."""
    tasks = WorkerTasks()
    after_task_publish.connect(tasks.count_queued, weak=False)
    task_postrun.connect(tasks.count_run, weak=False)
    yield tasks
    after_task_publish.disconnect(tasks.count_queued)
    task_postrun.disconnect(tasks.count_run)
