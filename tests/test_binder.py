"""Binder's files: what repo2docker would build from them, and its scripts run as Binder would."""

import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO_DIR, free_port
from workbench.local_postgres import bin_dir

pytestmark = pytest.mark.slow

BINDER_USER = "workbook-binder"  # created when the tests run as root: PostgreSQL refuses root


def test_repo2docker_builds_from_the_root_files():
    assert not (REPO_DIR / "binder").exists()  # it would hide the root files from repo2docker
    repo2docker = Path(sys.executable).parent / "repo2docker"
    dockerfile = subprocess.run(
        [repo2docker, "--no-build", "--debug", str(REPO_DIR)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    steps = [
        "apt-get install --yes --no-install-recommends postgresql",
        "src/ ${REPO_DIR}/",  # the repository is copied first: environment.yml has `-e .`
        '--file "environment.yml"',
        "RUN ./postBuild",
        'R2D_ENTRYPOINT="${REPO_DIR}/start"',
    ]
    positions = [dockerfile.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)


@pytest.fixture
def binder_user():
    """A non-root user (created if need be) and a home folder it owns."""
    if os.geteuid() != 0:
        user = pwd.getpwuid(os.geteuid()).pw_name
    else:
        user = BINDER_USER
        if not shutil.which("useradd"):
            pytest.fail("The Binder test needs useradd to create a non-root user.")
        subprocess.run(["useradd", "--no-create-home", user], capture_output=True)
    home = Path(tempfile.mkdtemp(prefix="workbook-binder-"))  # /tmp: any user can reach it
    shutil.chown(home, user)
    with interpreter_reachable_by_all():
        yield user, home
    shutil.rmtree(home)


@contextmanager
def interpreter_reachable_by_all():
    """Let other users pass through the folders above this Python (pyenv under /root is 0700),
    for the test's duration: they get search permission only, not a listing."""
    folders = {
        folder
        for prefix in (sys.prefix, sys.base_prefix, Path(sys.executable).resolve())
        for folder in Path(prefix).resolve().parents
    }
    closed = {folder: folder.stat().st_mode for folder in folders if not folder.stat().st_mode & 1}
    try:
        for folder, mode in closed.items():
            folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
        yield
    finally:
        for folder, mode in closed.items():
            folder.chmod(stat.S_IMODE(mode))


def test_binder_scripts_seed_and_boot_postgres_as_the_notebook_user(binder_user):
    user, home = binder_user
    env = {
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "HOME": str(home),
        "WORKBOOK_DATA_DIR": str(home / "data"),
        "WORKBOOK_PG_DIR": str(home / "postgres"),
        "WORKBOOK_PG_PORT": str(free_port()),
    }

    def run(*command):
        account = pwd.getpwnam(user)
        as_user = {"user": user, "group": account.pw_gid, "extra_groups": []}
        as_user = as_user if os.geteuid() == 0 else {}
        done = subprocess.run(command, cwd=REPO_DIR, env=env, capture_output=True, text=True,
                              timeout=300, **as_user)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    print(f"PostgreSQL binaries: {bin_dir()}")
    run("bash", "postBuild")
    try:
        booted = run("./start", "python", "-c", "from workbench import boot; boot()")
    finally:
        run("python", "-m", "workbench.local_postgres", "stop")
    assert f"Database: PostgreSQL (127.0.0.1:{env['WORKBOOK_PG_PORT']}/workbook)" in booted
    assert "Data:     500 posts, 20,000 comments" in booted
    assert (home / "data" / "workbook.sqlite3").exists()  # the zero-service fallback, seeded
