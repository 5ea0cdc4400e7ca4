"""The grading plugin as `make check` and the batch grader run it, in a process of its own."""

import json

import pytest

from tests.conftest import REPO_DIR

GRADE = ["-m", "pytest", "-p", "no:cacheprovider", "--tb=no", "-q", "-rN"]
NAIVE_EX00 = (
    "from forum.models import Post\n\ndef latest_posts():\n    return Post.objects.all()[:20]\n"
)
LOOPS_AT_IMPORT = "while True:\n    pass\n"


def grade(run_python, folder, *tests, timeout=None):
    report = folder / "report.json"
    extra = [f"--test-timeout={timeout}"] if timeout else []
    done = run_python(*GRADE, *tests, f"--answers={folder}", f"--grade-report={report}", *extra)
    return done.stdout, json.loads(report.read_text())


def test_ends_with_a_line_per_exercise_each_failed_check_with_its_hint_and_the_score(
    run_python, tmp_path
):
    (tmp_path / "ex00_warm_up.py").write_text(NAIVE_EX00)
    output, report = grade(run_python, tmp_path, "tests/grading/test_ex00_warm_up.py")
    assert output.split("workbook score", 1)[1].splitlines()[1:4] == [
        "ex00  2/4",
        "  ✗ The page renders in at most two queries (2 pt)",
        "      The template asks every post for its author: fetch the authors in the same query "
        "as the posts (the queryset method for a ForeignKey).",
    ]
    assert "the page ran 21 queries" in output
    assert output.rstrip().splitlines()[-2] == "score: 2/4"
    assert {test["title"]: test["outcome"] for test in report} == {
        "The page lists the 20 newest posts": "passed",
        "The page renders in at most two queries": "failed",
        "The page is unchanged": "passed",
    }


def test_a_syntax_error_is_said_once_with_its_line(run_python, tmp_path):
    (tmp_path / "ex00_warm_up.py").write_text("def latest_posts(:\n")
    output, _ = grade(run_python, tmp_path, "tests/grading/test_ex00_warm_up.py")
    assert output.count("SyntaxError") == 1
    assert output.count("(ex00_warm_up.py, line 1)") == 1


@pytest.mark.slow  # a user's path, in processes of its own
def test_an_endless_loop_costs_only_its_exercise(run_python, tmp_path):
    (tmp_path / "ex03_prefetch_related.py").write_text(LOOPS_AT_IMPORT)
    solution = REPO_DIR / "solutions" / "ex04_query_killer.py"
    (tmp_path / solution.name).write_text(solution.read_text())
    tests = [
        "tests/grading/test_ex03_prefetch_related.py",
        "tests/grading/test_ex04_query_killer.py",
    ]
    output, report = grade(run_python, tmp_path, *tests, timeout=2)
    ex03 = [test for test in report if test["exercise"] == "ex03"]
    assert ex03[0]["error"] == "ran over 2 s: is there an endless loop?"
    assert {test["error"] for test in ex03[1:]} == {
        "not run: an earlier check of ex03 ran over its time limit"
    }
    assert "ex04  14/14" in output


def test_a_title_spells_what_a_test_name_cannot(run_python, tmp_path):
    report = tmp_path / "report.json"
    test = "tests/grading/test_ex04_query_killer.py"
    run_python(*GRADE, test, "--collect-only", "--answers=solutions", f"--grade-report={report}")
    titles = {check["title"] for check in json.loads(report.read_text())}
    assert {"Another role's statement survives", "Statements under the limit survive"} <= titles
