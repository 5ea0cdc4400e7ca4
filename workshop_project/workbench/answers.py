"""The notebooks' choice of answers: the learner's exercises/, unless WORKBOOK_ANSWERS says.

The project serves whatever settings.WORKBOOK_ANSWERS names through its extension points
(core.extension_points); the toolkit only picks the learner's folder as the default.
"""

import os
from contextlib import contextmanager
from pathlib import Path

NAIVE = "naive"


def default_to_the_learners_answers():
    """Before django.setup(): serve exercises/ unless WORKBOOK_ANSWERS chose other answers."""
    os.environ.setdefault("WORKBOOK_ANSWERS", "exercises")


@contextmanager
def answers(choice):
    """Serve other answers inside the block: "naive" (the project as written), "exercises",
    "solutions" or a folder.

    >>> with answers("naive"):
    ...     client.get("/latest/")
    """
    from django.conf import settings

    if choice == NAIVE:
        folder = None
    else:
        folder = settings.ANSWERS_FOLDERS.get(choice) or Path(choice).absolute()
    serving, settings.WORKBOOK_ANSWERS = settings.WORKBOOK_ANSWERS, folder
    try:
        yield
    finally:
        settings.WORKBOOK_ANSWERS = serving
