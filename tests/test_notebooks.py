"""Every notebook follows the workbook's shape, is committed clean and runs top to bottom."""

import nbformat
import pytest

from workbench.notebooks import execute, notebook_paths, users_env

NOTEBOOKS = notebook_paths()


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


@pytest.mark.notebooks
def test_runs_top_to_bottom_with_the_solutions(path, tmp_path):
    """On the services of this run: PostgreSQL and Redis when DATABASE_URL and REDIS_URL say."""
    env = users_env() | {"WORKBOOK_ANSWERS": "solutions", "WORKBOOK_DATA_DIR": str(tmp_path)}
    notebook = execute(path, env, cwd=tmp_path)  # raises at the first cell that fails
    checks = [cell for cell in notebook.cells if cell.source.startswith("check(")]
    for cell in checks:
        assert "all public checks passed" in cell.outputs[-1]["data"]["text/plain"]
