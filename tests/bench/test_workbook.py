import pytest

from bench import workbook
from workbench.notebooks import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow


def test_times_the_first_cell_cold_and_warm_and_the_notebooks_against_their_budgets(monkeypatch):
    monkeypatch.setattr(workbook, "notebook_paths", lambda: [NOTEBOOKS_DIR / "00_start_here.ipynb"])
    cold, warm, notebooks = workbook.rows(repeat=1)
    assert [row.before for row in (cold, warm, notebooks)] == [1.0, 0.3, 40]
    assert notebooks.case == "1 notebooks run vs 40 s budget"
    assert 0 < warm.after < cold.after < notebooks.after
