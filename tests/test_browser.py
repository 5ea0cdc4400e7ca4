"""The workbook in a real browser: JupyterLab runs the notebooks, and nothing shows an error.

Needs Debian's chromium (`apt-get install chromium`; .ci/run installs it), driven headless by
Playwright's Python package. Screenshots go to screenshots/ (git-ignored).
"""

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import REPO_DIR, free_port
from workbench.notebooks import zero_services_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
SCREENSHOTS = REPO_DIR / "screenshots"
TOKEN = "workbook-browser-test"
CELL_SECONDS = 300

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium: apt install chromium"
    ),
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token, serving a copy of the notebooks (so that running
    them does not write outputs into the committed files), on a fresh SQLite + fakeredis set-up."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO_DIR / "notebooks", root / "notebooks")
    port = free_port()
    settings = root / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = zero_services_env(root / "data") | {
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
    }
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={TOKEN}", "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    with open(root / "lab.log", "w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(url, server, root / "lab.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for_server(url, server, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {seconds} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def run_all_cells(page):
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    every_cell_ran = """() => {
        const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
        return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    }"""
    page.wait_for_function(every_cell_ran, timeout=CELL_SECONDS * 1000, polling=500)


@pytest.mark.parametrize("name", ["00_start_here", "02_background_fill_cache"])
def test_notebook_runs_in_jupyterlab_without_errors(lab, browser, name):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    workspace = f"{lab}/lab/workspaces/{name}"  # a workspace of its own: no other notebook open
    page.goto(f"{workspace}/tree/notebooks/{name}.ipynb?reset&token={TOKEN}")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        run_all_cells(page)
    finally:
        page.screenshot(path=SCREENSHOTS / f"{name}.png")
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.get_by_text("Error displaying widget").count() == 0
    assert page.locator(".workbench-measure, .jp-OutputArea-output img").count() > 0
    assert page.get_by_text("all public checks passed").count() == 1
    if name == "02_background_fill_cache":  # section 8's widgets render and re-run the traffic
        assert page.locator(".widget-slider").count() == 2
        tables = page.locator("th", has_text="p99 ms")
        before = tables.count()
        page.get_by_role("button", name="Run Interact").click()
        expect(tables).to_have_count(before + 1, timeout=CELL_SECONDS * 1000)
        tables.last.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / f"{name}-widgets.png")
    page.close()
