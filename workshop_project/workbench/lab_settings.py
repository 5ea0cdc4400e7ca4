"""Install JupyterLab's defaults for the workbook into this environment (make install, Binder).

overrides.json saves widgets with the notebook, so that a notebook reopened shows them rather
than "Error displaying widget: model not found", and turns off news and update checks.

    python -m workbench.lab_settings
"""

import shutil
import sys
from pathlib import Path

OVERRIDES = Path(__file__).with_name("overrides.json")


def settings_folder():
    """JupyterLab's application settings folder of this environment."""
    return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def main():
    """Copy overrides.json into place, unless it is there already (the environment may then be
    another user's, as Binder's test runs it)."""
    target = settings_folder() / OVERRIDES.name
    if target.exists() and target.read_bytes() == OVERRIDES.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OVERRIDES, target)


if __name__ == "__main__":
    main()
