"""Every notebook follows the workbook's shape, is committed clean and runs top to bottom."""

import asyncio

import nbformat
import pytest
from django.db import connection

from workbench.notebooks import notebook_client, notebook_paths, users_env

NOTEBOOKS = notebook_paths()
SLOWEST = {"02_background_fill_cache.ipynb", "03_prefetch_related.ipynb"}  # started first


@pytest.fixture(params=NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def path(request):
    return request.param


@pytest.fixture
def notebook(path):
    return nbformat.read(path, as_version=4)


def test_there_is_a_start_page():
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


def test_is_committed_without_outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert (cell.outputs, cell.execution_count) == ([], None), cell.source
    assert "widgets" not in notebook.metadata


def test_follows_the_workbook_shape(notebook):
    headings = [
        line
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    ]
    assert headings[0].startswith("# ")
    assert headings[1:3] == ["## Objectives", "## Setup"]
    assert headings[-1] == "## Key points"
    assert any(heading.startswith("## Exercise") for heading in headings)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert "boot()" in code[0]
    assert any(source.startswith("check(") for source in code)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every notebook run top to bottom with the solutions, on the services of this run
    (PostgreSQL and Redis when DATABASE_URL and REDIS_URL say): path -> the executed notebook,
    or the error of its first failing cell. On SQLite each kernel has a file of its own, so
    three run at once (chapter 2 waits on its replays' schedule); one at a time on a shared
    PostgreSQL database, where chapter 4's query killer would cancel the others' statements."""
    at_once = asyncio.Semaphore(3 if connection.vendor == "sqlite" else 1)

    async def run(path):
        folder = tmp_path_factory.mktemp(path.stem)
        env = users_env() | {"WORKBOOK_ANSWERS": "solutions", "WORKBOOK_DATA_DIR": str(folder)}
        client = notebook_client(path, cwd=folder)
        async with at_once:
            try:
                await client.async_execute(env=env)
            except Exception as error:  # told by the notebook's own test
                return path, error
        return path, client.nb

    async def run_all():
        slowest_first = sorted(NOTEBOOKS, key=lambda path: path.name not in SLOWEST)
        return dict(await asyncio.gather(*map(run, slowest_first)))

    return asyncio.run(run_all())


@pytest.mark.notebooks
def test_runs_top_to_bottom_with_the_solutions(path, executed):
    notebook = executed[path]
    if isinstance(notebook, Exception):
        raise notebook  # the first cell that failed, with its traceback
    checks = [cell for cell in notebook.cells if cell.source.startswith("check(")]
    for cell in checks:
        assert "all public checks passed" in cell.outputs[-1]["data"]["text/plain"]
