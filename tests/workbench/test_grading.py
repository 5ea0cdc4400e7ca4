import json
import re

GRADE = ["-m", "pytest", "tests/grading", "-p", "no:cacheprovider", "--tb=no", "-q"]
NAIVE_ANSWER = """
from forum.models import Post

def latest_posts():
    return Post.objects.all()[:20]
"""


def score(output):
    earned, total = re.search(r"^score: (\d+)/(\d+)$", output, re.MULTILINE).groups()
    return int(earned), int(total)


def test_stubs_score_zero_and_solutions_full_marks(run_python):
    stubs = run_python(*GRADE, "--answers", "exercises")
    solutions = run_python(*GRADE, "--answers", "solutions")
    earned, total = score(solutions.stdout)
    assert total > 0
    assert earned == total, solutions.stdout
    assert score(stubs.stdout) == (0, total), stubs.stdout


def test_partial_answers_get_partial_points_hints_and_a_report(run_python, tmp_path):
    (tmp_path / "ex00_warm_up.py").write_text(NAIVE_ANSWER)
    report = tmp_path / "report.json"
    graded = run_python(*GRADE, "--answers", str(tmp_path), f"--grade-report={report}")
    assert "\nex00: 2/4\n" in graded.stdout
    assert "test_page_renders_in_at_most_two_queries (failed): hint: " in graded.stdout
    report_tests = json.loads(report.read_text())
    outcomes = {
        test["test"]: test["outcome"] for test in report_tests if test["exercise"] == "ex00"
    }
    assert outcomes == {
        "test_returns_the_newest_posts": "passed",
        "test_page_renders_in_at_most_two_queries": "failed",
        "test_page_is_unchanged": "passed",
    }
