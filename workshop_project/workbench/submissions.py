"""Find the learners' submissions in a folder and gather each one's exercise files.

A submission is a folder or a .zip holding exNN_*.py files at any depth (learners zip their
exercises/ folder, or the folder above it). Files are only read: nothing is extracted in place,
so no path in a zip can escape the destination, and the learner's files are never modified.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

EXERCISE_FILE = re.compile(r"(ex\d+)_\w+\.py")
MAX_FILE_BYTES = 1_000_000


class SubmissionProblem(Exception):
    """A submission with nothing that can be graded."""


@dataclass(frozen=True)
class Submission:
    learner: str
    source: Path

    def gather(self, destination):
        """Copy the exercise files into destination; return their names."""
        files = python_files(self.source)
        chosen = shallowest_per_exercise(files)
        if not chosen:
            raise SubmissionProblem("no exNN_*.py exercise file found in the submission")
        destination.mkdir(parents=True, exist_ok=True)
        for name in chosen:
            (destination / PurePosixPath(name).name).write_bytes(files[name])
        return sorted(PurePosixPath(name).name for name in chosen)


def python_files(source):
    """{path inside the submission: content} for its .py files."""
    if source.is_dir():
        return {p.relative_to(source).as_posix(): p.read_bytes() for p in source.rglob("*.py")}
    try:
        with zipfile.ZipFile(source) as archive:
            return {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if info.filename.endswith(".py") and info.file_size <= MAX_FILE_BYTES
            }
    except zipfile.BadZipFile:
        raise SubmissionProblem(f"{source.name} is not a valid zip file") from None


def shallowest_per_exercise(names):
    """Of the paths naming exercise files, the least nested one for each exercise."""
    chosen = {}
    for name in sorted(names, key=lambda name: (name.count("/"), name)):
        match = EXERCISE_FILE.fullmatch(PurePosixPath(name).name)
        if match and not name.startswith("__MACOSX/"):
            chosen.setdefault(match.group(1), name)
    return list(chosen.values())


def find_submissions(folder):
    """Every folder and .zip directly inside folder: one learner each, named after it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SubmissionProblem(f"{folder} is not a folder of submissions")
    entries = sorted(p for p in folder.iterdir() if p.is_dir() or p.suffix.lower() == ".zip")
    return [Submission(learner=entry.stem, source=entry) for entry in entries]
