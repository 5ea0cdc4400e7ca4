"""Layers point one way: notebooks -> workbench (the toolkit) -> workshop, core, forum -> Django."""

import ast
import json

from tests.conftest import REPO_DIR

PROJECT = ("workshop", "core", "forum")
TOOLING = {"IPython", "pytest", "_pytest", "workbench", "matplotlib", "nbclient", "ipywidgets"}
WEB_PROCESS_AND_WORKER = f"""
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "workshop.settings"
from workshop.wsgi import application                      # what a WSGI server loads
from django.urls import resolve
resolve("/")                                               # every view and its imports
from workshop.celery import app
app.loader.import_default_modules()                        # what `celery -A workshop worker` loads
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}} & {TOOLING!r})))
"""


def test_the_project_never_imports_the_toolkit():
    for package in PROJECT:
        for path in (REPO_DIR / "workshop_project" / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = (
                        [node.module]
                        if isinstance(node, ast.ImportFrom)
                        else [alias.name for alias in node.names]
                    )
                    assert not any(str(name).startswith("workbench") for name in names), path


def test_the_web_process_and_a_worker_load_no_notebook_or_test_tooling(run_python):
    loaded = run_python("-c", WEB_PROCESS_AND_WORKER, WORKBOOK_ANSWERS="solutions")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == []


def test_importing_the_settings_changes_nothing(run_python, tmp_path):
    data = tmp_path / "no-such-folder"
    imported = run_python(
        "-c", "import workshop.settings, threading; print(threading.active_count())",
        WORKBOOK_DATA_DIR=str(data), PYTHONPATH="workshop_project",
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "1"
    assert not data.exists()
