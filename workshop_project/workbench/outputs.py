"""A fresh output folder for each grading run, replacing the last one whole, and nothing else.

The run writes into a new folder beside the output folder, then swaps it in: a stale learner's
folder, or one a learner's code planted, never survives a run, and a run that fails leaves the
last output as it was. A folder is only ever replaced if a grading run wrote it (it holds the
marker file, or the gradebook of an older run) or it is empty.
"""

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

MARKER = ".workbook-grading-output"


class OutputProblem(Exception):
    """The output cannot be written where asked; the message says what to do."""


@contextmanager
def fresh_folder(out):
    """Yield a new, empty folder; when the block succeeds, it replaces `out`."""
    out = Path(out)
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    staging.chmod(0o755)
    try:
        (staging / MARKER).write_text("written by the workbook's batch grader; replaced each run\n")
        yield staging
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-old-"))
            out.rename(old / out.name)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def check_replaceable(out):
    if out.is_symlink():
        raise OutputProblem(f"{out} is a link: give the output folder itself (--out)")
    if out.exists() and not out.is_dir():
        raise OutputProblem(f"{out} is not a folder: choose another output folder (--out)")
    written_by_a_run = (out / MARKER).is_file() or (out / "grades.csv").is_file()
    if out.is_dir() and any(out.iterdir()) and not written_by_a_run:
        raise OutputProblem(
            f"{out} holds files a grading run did not write: choose another output folder "
            "(--out), or empty it"
        )
