"""requirements.lock (`make lock`): every install takes its versions, Binder's included."""

import re
import tomllib

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO_DIR

PYTHONS = ["3.11", "3.12", "3.13"]  # the oldest the workbook supports, Binder's, the newest
PLATFORMS = {"Linux": "linux", "Darwin": "darwin", "Windows": "win32"}


def locked(python, system="Linux"):
    """{package: version} that the lock installs on this Python and system."""
    environment = default_environment() | {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "platform_system": system,
        "sys_platform": PLATFORMS[system],
        "os_name": "nt" if system == "Windows" else "posix",
    }
    versions = {}
    for line in (REPO_DIR / "requirements.lock").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                name = canonicalize_name(requirement.name)
                assert name not in versions, f"the lock gives {name} twice on Python {python}"
                versions[name] = str(requirement.specifier).removeprefix("==")
    return versions


def binder_pins():
    """{package: version} of environment.yml's `==` pins."""
    pins = re.findall(r"^ *- ([^ #]+)==([^ #]+)", (REPO_DIR / "environment.yml").read_text(), re.M)
    return {canonicalize_name(Requirement(name).name): version for name, version in pins}


def required():
    """What pyproject.toml requires, the tests' tools included."""
    project = tomllib.loads((REPO_DIR / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in lines]


def test_binder_gets_the_versions_the_lock_gives_python_3_12():
    pins, lock = binder_pins(), locked("3.12")
    assert len(pins) >= 15  # the file was read
    drifted = {name: (pin, lock.get(name)) for name, pin in pins.items() if lock.get(name) != pin}
    assert not drifted, f"environment.yml and the lock disagree (pin, lock): {drifted}; make lock"


def test_binder_installs_the_rest_from_the_lock():
    """environment.yml's pip lines take the lock as constraints: conda and mamba write them to a
    file next to it, and pip reads `-c` relative to that file."""
    lines = re.findall(r"^ *- (-[^#]*?) *(?:#|$)", (REPO_DIR / "environment.yml").read_text(), re.M)
    assert "-c requirements.lock" in lines


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("system", PLATFORMS)
def test_the_lock_holds_everything_pyproject_requires_in_its_ranges(python, system):
    lock = locked(python, system)
    for requirement in required():
        name = canonicalize_name(requirement.name)
        assert name in lock, f"the lock lacks {name} on Python {python}, {system}: make lock"
        assert requirement.specifier.contains(lock[name]), (requirement, lock[name])
        for extra in requirement.extras:  # psycopg[binary]: psycopg-binary
            assert canonicalize_name(f"{name}-{extra}") in lock, (requirement, system)


def test_django_is_the_lts_on_python_3_11_and_binders_on_3_12():
    assert locked("3.11")["django"].startswith("5.2.")
    assert locked("3.12")["django"] == binder_pins()["django"]
