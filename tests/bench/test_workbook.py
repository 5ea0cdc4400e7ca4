import pytest

from bench import workbook
from workbench.notebooks import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow


def test_times_the_cold_boot_and_the_notebooks_against_their_budgets(monkeypatch):
    monkeypatch.setattr(workbook, "notebook_paths", lambda: [NOTEBOOKS_DIR / "00_start_here.ipynb"])
    boot, notebooks = workbook.rows(repeat=1)
    assert (boot.before, boot.target) == (workbook.COLD_BOOT_BUDGET_S, 1)
    assert (notebooks.before, notebooks.case) == (150, "1 notebooks run vs 150 s budget")
    assert 0 < boot.after < notebooks.after
