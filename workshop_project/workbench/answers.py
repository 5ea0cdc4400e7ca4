"""The answers switch: exercise modules come from exercises/, solutions/ or a submission folder.

WORKBOOK_ANSWERS picks the folder: "exercises" (the default: the learner's own code),
"solutions" (the reference answers) or the path of any folder holding exNN_*.py files.
"""

import importlib.util
import os
from pathlib import Path

from django.conf import settings

from workbench.errors import WorkbookError

NAMED_FOLDERS = ("exercises", "solutions")
_loaded = {}  # path: (source, module) of the answers imported so far


class NotWrittenYet(WorkbookError):
    """Raised by an exercise stub until the learner writes it."""

    def __init__(self, exercise):
        super().__init__(
            f"Exercise {exercise} is not written yet: edit exercises/{exercise}_*.py as its "
            f'docstring says, then run check("{exercise}").'
        )


def answers_folder():
    choice = os.environ.get("WORKBOOK_ANSWERS", "exercises")
    folder = settings.REPO_DIR / choice if choice in NAMED_FOLDERS else Path(choice)
    if not folder.is_dir():
        raise WorkbookError(
            f"WORKBOOK_ANSWERS={choice!r} is not a folder; use 'exercises', 'solutions' "
            "or the path of a folder of exNN_*.py files."
        )
    return folder


def answer_path(exercise):
    folder = answers_folder()
    matches = sorted(folder.glob(f"{exercise}_*.py"))
    if not matches:
        raise WorkbookError(f"No {exercise}_*.py file in {folder}.")
    return matches[0]


def load_answer(exercise):
    """The exercise module from the answers folder, imported again whenever its file changed."""
    path = answer_path(exercise)
    source = path.read_bytes()
    if path in _loaded and _loaded[path][0] == source:
        return _loaded[path][1]
    spec = importlib.util.spec_from_file_location(f"answers.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _loaded[path] = source, module
    return module
