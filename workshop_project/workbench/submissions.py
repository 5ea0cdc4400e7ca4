"""Find the learners' submissions in a folder and gather each one's exercise files.

A submission is a folder or a .zip holding exNN_*.py files at any depth (learners zip their
exercises/ folder, or the folder above it). Files are only read: nothing is extracted in place,
so no path in a zip can escape the destination, and the learner's files are never modified.
Only regular files are taken. A link (what unzip makes of a zip's link entries; an Emacs lock
file), a folder named like an exercise file, a pipe or a device, a file over MAX_FILE_BYTES or
one that cannot be read is passed over with a note naming the learner's own path.
"""

import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

EXERCISE_FILE = re.compile(r"(ex\d+)_\w+\.py")
SURROGATE = re.compile("[\ud800-\udfff]")
MAX_FILE_BYTES = 1_000_000
MAX_ENTRIES = 20_000  # entries looked at per submission: a bigger tree is not a class exercise
RESERVED = {"grades.csv", "report.html"}  # names the batch writes beside the learners' folders
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError)


class SubmissionProblem(Exception):
    """A submission that cannot be read at all."""


@dataclass
class Candidate:
    """An entry named like an exercise file: its path inside the submission, and its content or
    why it cannot be graded."""

    path: str
    content: bytes = b""
    unusable: str = ""

    @property
    def exercise(self):
        return EXERCISE_FILE.fullmatch(PurePosixPath(self.path).name).group(1)

    @property
    def name(self):
        return PurePosixPath(self.path).name

    @property
    def depth(self):
        return self.path.count("/")


@dataclass
class Gathered:
    files: dict = field(default_factory=dict)  # answer file name: the learner's path of it
    notes: list = field(default_factory=list)  # why an entry was passed over


@dataclass(frozen=True)
class Submission:
    learner: str
    source: Path
    note: str = ""  # something the instructor should know about this submission

    def gather(self, destination, preferred=()):
        """Copy the exercise files into destination (one per exercise: the least nested, a file
        named as in `preferred` first); return what was taken and what was passed over."""
        gathered = Gathered()
        destination.mkdir(parents=True, exist_ok=True)
        for candidates in grouped_by_exercise(self.candidates()).values():
            usable = [c for c in candidates if not c.unusable]
            chosen = min(
                usable, key=lambda c: (c.depth, c.name not in preferred, c.path), default=None
            )
            for candidate in candidates:
                if candidate.unusable and (chosen is None or candidate.depth <= chosen.depth):
                    gathered.notes.append(f"{self.shown(candidate)} {candidate.unusable}")
            if chosen:
                (destination / chosen.name).write_bytes(chosen.content)
                gathered.files[chosen.name] = self.shown(chosen)
        return gathered

    def shown(self, candidate):
        """The learner's own path of an entry, e.g. alice.zip/exercises/ex00_warm_up.py."""
        return printable(f"{self.source.name}/{candidate.path}")

    def candidates(self):
        if self.source.is_dir():
            return folder_candidates(self.source)
        try:
            with zipfile.ZipFile(self.source) as archive:
                return [zip_candidate(archive, info) for info in exercise_entries(archive)]
        except ZIP_ERRORS as error:
            name = printable(self.source.name)
            raise SubmissionProblem(f"{name} is not a valid zip file") from error


def grouped_by_exercise(candidates):
    grouped = {}
    for candidate in sorted(candidates, key=lambda c: c.path):
        grouped.setdefault(candidate.exercise, []).append(candidate)
    return dict(sorted(grouped.items()))


def exercise_entries(archive):
    entries = archive.infolist()[:MAX_ENTRIES]
    return [
        info
        for info in entries
        if EXERCISE_FILE.fullmatch(PurePosixPath(info.filename).name)
        and not info.filename.startswith("__MACOSX/")
    ]


def zip_candidate(archive, info):
    candidate = Candidate(info.filename.rstrip("/"))
    kind = stat.S_IFMT(info.external_attr >> 16)
    if info.is_dir():
        candidate.unusable = "is a folder, not a file: not graded"
    elif kind == stat.S_IFLNK:
        candidate.unusable = "is a link: links are not followed, the file was not graded"
    elif info.file_size > MAX_FILE_BYTES:
        candidate.unusable = too_big(info.file_size)
    else:
        try:
            with archive.open(info) as file:
                candidate.content = file.read(MAX_FILE_BYTES + 1)
        except ZIP_ERRORS as error:
            candidate.unusable = f"could not be unzipped ({type(error).__name__}): not graded"
        if len(candidate.content) > MAX_FILE_BYTES:
            candidate.unusable = too_big(info.file_size)
    return candidate


def folder_candidates(source):
    """The entries named like exercise files, never following a link."""
    candidates, seen = [], 0
    for folder, subfolders, files in os.walk(source):
        seen += len(subfolders) + len(files)
        if seen > MAX_ENTRIES:
            break
        for name in [*subfolders, *files]:
            if EXERCISE_FILE.fullmatch(name):
                path = Path(folder, name)
                candidates.append(read_entry(path, path.relative_to(source).as_posix()))
    return candidates


def read_entry(path, relative):
    candidate = Candidate(relative)
    try:
        kind = os.lstat(path).st_mode
        if stat.S_ISLNK(kind):
            candidate.unusable = "is a link: links are not followed, the file was not graded"
        elif stat.S_ISDIR(kind):
            candidate.unusable = "is a folder, not a file: not graded"
        elif not stat.S_ISREG(kind):
            candidate.unusable = "is not a regular file: not graded"
        else:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(descriptor, "rb") as file:
                candidate.content = file.read(MAX_FILE_BYTES + 1)
            if len(candidate.content) > MAX_FILE_BYTES:
                candidate.unusable = too_big(os.stat(path).st_size)
    except OSError as error:
        candidate.unusable = f"could not be read ({error.strerror}): not graded"
    return candidate


def too_big(size):
    return f"is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES / 1e6:g} MB limit: not graded"


def printable(text):
    """Text fit for a report: an undecodable byte or a lone surrogate becomes '\ufffd', and a
    control character '?'."""
    text = SURROGATE.sub("\ufffd", text)
    return "".join(char if char.isprintable() else "?" for char in text)


def is_zip(entry):
    return entry.suffix.lower() == ".zip" and not entry.is_dir()


def find_submissions(folder):
    """Every folder and .zip directly inside folder (hidden entries aside): one learner each,
    named after it. When `alice/` and `alice.zip` both exist, each is graded, the zip as
    "alice.zip", with a note; a learner never takes the name of a file the batch writes."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SubmissionProblem(f"{folder} is not a folder of submissions")
    entries = sorted(
        entry
        for entry in folder.iterdir()
        if not entry.name.startswith(".") and (entry.is_dir() or is_zip(entry))
    )
    stems = [printable(entry.stem if is_zip(entry) else entry.name) for entry in entries]
    taken = {name.casefold() for name in RESERVED}  # a folder per learner, on any file system
    submissions = []
    for entry, stem in zip(entries, stems, strict=True):
        twins = [shown_entry(e) for e, s in zip(entries, stems, strict=True) if s == stem]
        free = len(twins) == 1 and stem.casefold() not in taken
        name = stem if free else printable(entry.name)
        while name.casefold() in taken:
            name += "_"
        taken.add(name.casefold())
        note = f"{' and '.join(twins)} are both submitted: each is graded" if len(twins) > 1 else ""
        submissions.append(Submission(name, entry, note))
    return submissions


def shown_entry(entry):
    return printable(entry.name) + ("/" if entry.is_dir() else "")
