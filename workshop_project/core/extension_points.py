"""Extension points: the places where the workbook's exercises plug into the project.

A project function decorated with `@extension_point("ex00")` is the naive version, and serves
by default. When settings.WORKBOOK_ANSWERS names a folder of answers (exercises/, solutions/ or
a learner's submission), the function of the same name in that folder's `ex00_*.py` serves
instead. The file is imported again once it changes on disk: a save is seen within a tenth of a
second (the file is looked at, with one stat(), at most that often).

An answer that raises NotWrittenYet (an untouched stub) gets the naive version, so the site
works before the exercises are done; with settings.WORKBOOK_FALLBACK_TO_NAIVE off (the
autograder), NotWrittenYet propagates. An answer may call its own extension point: inside the
answer, that call is the naive version to build on.
"""

import functools
import importlib.util
import os
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

POINTS = {}  # exercise: [ExtensionPoint, ...], in the order the project defines them
STAND_INS = Counter()  # exercise: calls the naive version served because its stub is unwritten
RECHECK_SECONDS = 0.1  # how often an answer's file is looked at for a new save


class NotWrittenYet(NotImplementedError):
    """Raised by an exercise stub until the learner writes it."""

    def __init__(self, exercise):
        super().__init__(
            f"Exercise {exercise} is not written yet: edit exercises/{exercise}_*.py as its "
            f'docstring says, then check it: check("{exercise}") in a notebook, '
            f"make check EX={exercise} in a terminal."
        )
        self.exercise = exercise


class AnswerMissing(ImproperlyConfigured):
    """The answers folder has no file for an exercise, or the file lacks a function."""


class ExtensionPoint:
    """A project function that an exercise's answer may replace (see the module docstring)."""

    def __init__(self, exercise, naive):
        functools.update_wrapper(self, naive)
        self.exercise = exercise
        self.naive = naive
        self._inside_answer = threading.local()

    def __call__(self, *args, **kwargs):
        if getattr(self._inside_answer, "active", False):
            return self.naive(*args, **kwargs)
        answer = self.answer()
        if answer is None:
            return self.naive(*args, **kwargs)
        self._inside_answer.active = True
        try:
            return answer(*args, **kwargs)
        except NotWrittenYet:
            if not settings.WORKBOOK_FALLBACK_TO_NAIVE:
                raise
            STAND_INS[self.exercise] += 1
        finally:
            self._inside_answer.active = False
        return self.naive(*args, **kwargs)

    def answer(self):
        """The answer's function serving this point, or None when the naive version serves."""
        module = answer_module(self.exercise)
        if module is None:
            return None
        try:
            return getattr(module, self.__name__)
        except AttributeError:
            raise AnswerMissing(
                f"{module.__file__} defines no {self.__name__}(): keep the names the stub gives."
            ) from None

    def __repr__(self):
        return f"<extension point {self.__module__}.{self.__qualname__} ({self.exercise})>"


def extension_point(exercise):
    """Make the decorated function the naive version of an exercise's extension point."""

    def decorate(naive):
        point = ExtensionPoint(exercise, naive)
        POINTS.setdefault(exercise, []).append(point)
        return point

    return decorate


_imported = {}  # (folder, exercise): Imported


class Imported:
    """An answer's module, and the file it came from as it was when imported."""

    def __init__(self, path):
        self.path = path
        self.signature = file_signature(path)
        self.module = import_file(path)
        self.checked = time.monotonic()

    def is_current(self):
        """Whether the file is unchanged: looked at again at most every RECHECK_SECONDS."""
        now = time.monotonic()
        if now - self.checked < RECHECK_SECONDS:
            return True
        try:
            current = file_signature(self.path) == self.signature
        except FileNotFoundError:
            return False
        self.checked = now
        return current


def answer_module(exercise):
    """The exercise's module from settings.WORKBOOK_ANSWERS, or None without a folder."""
    folder = settings.WORKBOOK_ANSWERS
    if not folder:
        return None
    imported = _imported.get((folder, exercise))
    if imported is None or not imported.is_current():
        imported = _imported[folder, exercise] = Imported(answer_path(Path(folder), exercise))
    return imported.module


def answer_path(folder, exercise):
    if not folder.is_dir():
        raise ImproperlyConfigured(
            f"WORKBOOK_ANSWERS={str(folder)!r} is not a folder; use 'exercises', 'solutions' "
            "or the path of a folder of exNN_*.py files."
        )
    matches = sorted(folder.glob(f"{exercise}_*.py"))
    if not matches:
        raise AnswerMissing(f"No {exercise}_*.py file in {folder}.")
    return matches[0]


def file_signature(path):
    """What changes when the file is saved: its inode, size and modification time."""
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def import_file(path):
    spec = importlib.util.spec_from_file_location(f"answers.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
