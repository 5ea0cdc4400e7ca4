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
    folder = settings_folder()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OVERRIDES, folder / OVERRIDES.name)


if __name__ == "__main__":
    main()
