"""The learner's loop in a real browser, on the JupyterLab that `make lab` starts (same command,
folder and arguments, plus a port and a token): open the exercise from the file browser, type
an answer with a typo, save, check it in notebook 00 and read the hint and the error, fix it,
pass; then run notebook 02, save it, reopen it, and see no widget error.

Needs Debian's chromium (`apt-get install chromium`; .ci/run installs it), driven by Playwright's
Python package. It edits exercises/ex00_warm_up.py and saves notebooks in the repository, and
puts every file back as it was. Screenshots go to screenshots/ (git-ignored).
"""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect, sync_playwright

from tests.conftest import REPO_DIR, free_port
from workbench.boot import describe_services
from workbench.notebooks import users_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
SCREENSHOTS = REPO_DIR / "screenshots"
TOKEN = "workbook-browser-test"
CELLS_SECONDS = 300
EXERCISE = REPO_DIR / "exercises" / "ex00_warm_up.py"
EXERCISE_02 = REPO_DIR / "exercises" / "ex02_background_fill.py"
TYPO = """from forum.models import Post


def latest_posts():
    return Post.objects.select_related("user")[:20]
"""
FIXED = TYPO.replace('"user"', '"author"')

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium: apt install chromium"
    ),
]


@pytest.fixture(scope="module")
def files_put_back():
    """Every file the journey changes, restored after it, whatever happens."""
    touched = [EXERCISE, EXERCISE_02, *sorted((REPO_DIR / "notebooks").glob("*.ipynb"))]
    saved = {path: path.read_bytes() for path in touched}
    yield
    for path, content in saved.items():
        path.write_bytes(content)


@pytest.fixture(scope="module")
def lab(tmp_path_factory, files_put_back):
    """`make lab` with a port and a token, on the run's services as a learner who set them has
    them (PostgreSQL and Redis when DATABASE_URL and REDIS_URL say; else SQLite in a fresh data
    folder), and fresh JupyterLab state."""
    root = tmp_path_factory.mktemp("lab")
    port = free_port()
    env = users_env() | {
        "WORKBOOK_DATA_DIR": str(root / "data"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
    }
    env.pop("WORKBOOK_ANSWERS", None)  # the learner's own exercises/
    args = (
        f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
        f"--IdentityProvider.token={TOKEN}"
    )
    command = ["make", "lab", f"VENV={sys.prefix}", f"ARGS={args}"]
    with open(root / "lab.log", "w") as log:
        server = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(url, server, root / "lab.log")
        yield url, (root / "lab.log")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def wait_for_server(url, server, log, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make lab exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {seconds} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def page(lab):
    url, _ = lab
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?token={TOKEN}")  # make lab's own start page
        yield page
        browser.close()


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def kernel_idle(page):
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=120_000)


def open_from_file_browser(page, *path):
    """Double-click through the file browser, from the root the server serves."""
    page.locator(".jp-BreadCrumbs-home").click()
    for name in path:
        page.locator(".jp-DirListing-item", has_text=name).first.dblclick()


def write_in_editor(page, text):
    """Replace the text of the file open in the editor, as pasted (no auto-indent), and save."""
    page.locator(".jp-FileEditor .cm-content >> visible=true").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    unsaved = page.locator(".lm-TabBar-tab.lm-mod-current.jp-mod-dirty")
    expect(unsaved).to_have_count(1)
    page.keyboard.press("Control+S")
    expect(unsaved).to_have_count(0)


def run_all(page):
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    done = """() => {
        const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
        const prompts = [...notebook.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
        const ran = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        return ran || notebook.querySelector(".jp-OutputArea-output[data-mime-type='"
            + "application/vnd.jupyter.error']");
    }"""  # every cell ran, or one failed (the run stops there)
    page.wait_for_function(done, timeout=CELLS_SECONDS * 1000, polling=500)


def shut_down_and_close(page):
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Shut Down Kernel")).click()
    confirm = page.get_by_role("button", name=re.compile(r"^Shut Down$"))
    if confirm.count():
        confirm.click()
    page.get_by_text("No Kernel").first.wait_for(timeout=60_000)
    page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon").click()


def check_output(page):
    cell = page.locator(".jp-CodeCell", has_text='check("ex00")')
    return cell.locator(".jp-OutputArea-output")


def test_make_lab_serves_the_repository_and_opens_notebook_00(lab, page):
    _, log = lab
    assert f"Serving notebooks from local directory: {REPO_DIR}" in log.read_text()
    expect(page.locator(".jp-mod-current", has_text="00_start_here.ipynb")).to_be_visible()
    page.locator(".jp-BreadCrumbs-home").click()
    names = page.locator(".jp-DirListing-itemName")
    expect(names.filter(has_text="exercises")).to_have_count(1)
    shot(page, "journey-1-lab")


def test_a_typo_shows_the_hint_and_the_error_and_the_fix_passes(page):
    open_from_file_browser(page, "exercises", "ex00_warm_up.py")
    write_in_editor(page, TYPO)
    shot(page, "journey-2-typo-saved")
    page.locator(".lm-TabBar-tab", has_text="00_start_here.ipynb").click()
    kernel_idle(page)
    run_all(page)  # stops at the comparison, which runs the answer: the check ran before it
    booted = page.locator(".jp-CodeCell", has_text="boot()").first.locator(".jp-OutputArea-output")
    for line in (f"Database: {connection.display_name} (", *describe_services().splitlines()[1:]):
        expect(booted).to_contain_text(line)  # the services this run names, as set for make lab
    output = check_output(page)
    expect(output).to_contain_text("fetch the authors in the same query")
    expect(output).to_contain_text("FieldError: Invalid field name(s) given in select_related")
    output.first.click()  # the check's cell becomes the active one, in view
    shot(page, "journey-3-check-shows-the-error")

    page.locator(".lm-TabBar-tab", has_text="ex00_warm_up.py").click()
    write_in_editor(page, FIXED)
    page.locator(".lm-TabBar-tab", has_text="00_start_here.ipynb").click()
    page.locator(".jp-CodeCell", has_text='check("ex00")').locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    expect(check_output(page)).to_contain_text("ex00: 4/4 points, all public checks passed",
                                               timeout=120_000)  # fmt: skip
    shot(page, "journey-4-check-passes")


def test_notebook_02_runs_saves_and_reopens_without_widget_errors(page):
    """A learner who has written exercise 02 (the reference answer, pasted) runs chapter 2."""
    open_from_file_browser(page, "exercises", "ex02_background_fill.py")
    write_in_editor(page, (REPO_DIR / "solutions" / EXERCISE_02.name).read_text())
    open_from_file_browser(page, "notebooks", "02_background_fill_cache.ipynb")
    kernel_idle(page)
    run_all(page)
    errors = page.locator(
        ".jp-mod-current .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
    )
    assert errors.count() == 0, errors.first.inner_text()
    page.keyboard.press("Control+S")
    expect(page.locator(".lm-TabBar-tab.lm-mod-current.jp-mod-dirty")).to_have_count(0)
    shut_down_and_close(page)  # so that reopening cannot reuse the live widgets
    open_from_file_browser(page, "notebooks", "02_background_fill_cache.ipynb")
    kernel_idle(page)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last.scroll_into_view_if_needed()
    shot(page, "journey-5-notebook-02-reopened")
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider")).to_have_count(3)
    assert page.get_by_text("Error displaying widget").count() == 0
