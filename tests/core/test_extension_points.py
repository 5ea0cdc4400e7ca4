import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.extension_points import (
    POINTS,
    RECHECK_SECONDS,
    AnswerMissing,
    NotWrittenYet,
    extension_point,
)


@extension_point("ex99")
def greeting(name):
    """The project's naive greeting."""
    return f"hello {name}"


@pytest.fixture
def answers(tmp_path, settings):
    """A folder of answers serving the extension points; write(source) saves ex99's file."""
    settings.WORKBOOK_ANSWERS = tmp_path

    def write(source):
        time.sleep(RECHECK_SECONDS)  # as a person saving again: the save is seen from now on
        (tmp_path / "ex99_greeting.py").write_text(source)

    return write


def test_the_naive_version_serves_without_answers(settings):
    settings.WORKBOOK_ANSWERS = None
    assert greeting("ada") == "hello ada"


def test_the_answer_serves_and_is_reloaded_when_saved(answers):
    answers("def greeting(name):\n    return f'hi {name}'\n")
    assert greeting("ada") == "hi ada"
    answers("def greeting(name):\n    return f'good morning {name}, again'\n")
    assert greeting("ada") == "good morning ada, again"


def test_an_unwritten_stub_falls_back_to_the_naive_version(answers, settings):
    answers("from core.extension_points import NotWrittenYet\n\n"
            "def greeting(name):\n    raise NotWrittenYet('ex99')\n")  # fmt: skip
    assert greeting("ada") == "hello ada"
    settings.WORKBOOK_FALLBACK_TO_NAIVE = False  # as the autograder grades
    with pytest.raises(
        NotWrittenYet, match=r'ex99 is not written yet.*check\("ex99"\).*make check EX=ex99'
    ):
        greeting("ada")


def test_an_answer_calling_its_own_point_builds_on_the_naive_version(answers):
    answers("from tests.core.test_extension_points import greeting as point\n\n"
            "def greeting(name):\n    return point(name).upper()\n")  # fmt: skip
    assert greeting("ada") == "HELLO ADA"


def test_the_learners_own_errors_reach_them(answers):
    answers("def greeting(name):\n    return 1 / 0\n")
    with pytest.raises(ZeroDivisionError):
        greeting("ada")
    answers("def greeting(name:\n")
    with pytest.raises(SyntaxError):
        greeting("ada")


def test_says_what_is_missing(answers, settings, tmp_path):
    answers("def hello(name):\n    return name\n")
    with pytest.raises(AnswerMissing, match=r"ex99_greeting\.py defines no greeting\(\)"):
        greeting("ada")
    (tmp_path / "ex99_greeting.py").unlink()
    time.sleep(RECHECK_SECONDS)
    with pytest.raises(AnswerMissing, match=r"No ex99_\*\.py file in"):
        greeting("ada")
    settings.WORKBOOK_ANSWERS = tmp_path / "nowhere"
    with pytest.raises(ImproperlyConfigured, match="use 'exercises', 'solutions' or the path"):
        greeting("ada")


def test_every_point_has_the_signature_of_its_solution_and_stub():
    """The project's points, solutions/ and exercises/ name the same functions alike."""
    import inspect

    from django.conf import settings

    from core.extension_points import import_file

    for exercise, points in POINTS.items():
        if exercise == "ex99":
            continue
        for folder in settings.ANSWERS_FOLDERS.values():
            module = import_file(next(folder.glob(f"{exercise}_*.py")))
            for point in points:
                answer = getattr(module, point.__name__)
                assert inspect.signature(answer) == inspect.signature(point.naive), answer
