from workbench.batch import Grade
from workbench.feedback import feedback_markdown, gradescope_results, summary
from workbench.scores import not_submitted


def graded_test(test, outcome, hidden=False, points=2):
    return {
        "exercise": "ex00",
        "test": test,
        "title": test.removeprefix("test_").replace("_", " ").capitalize(),
        "points": points,
        "hint": f"hint of {test}",
        "hidden": hidden,
        "outcome": outcome,
        "error": f"error of {test}" if outcome == "failed" and not hidden else "",
    }


GRADE = Grade(
    "alice",
    [
        graded_test("test_public_pass", "passed"),
        graded_test("test_public_fail", "failed"),
        graded_test("test_secret", "failed", hidden=True),
    ],
)


def test_feedback_shows_hints_and_errors_of_public_failures_only():
    feedback = feedback_markdown(GRADE)
    assert "Score: **2/6**" in feedback
    assert "hint of test_public_fail (error of test_public_fail)" in feedback
    assert "hint of test_public_pass" not in feedback
    assert "| ex00 | hidden check 1 | failed | 0/2 |  |" in feedback
    assert "secret" not in feedback


def test_an_exercise_not_submitted_is_one_row_in_its_place_without_hints():
    done = graded_test("test_public_pass", "passed")
    skipped = [not_submitted(graded_test(name, "failed") | {"exercise": "ex01"}) for name in "ab"]
    rows = feedback_markdown(Grade("bob", [done, *skipped])).splitlines()[-2:]
    assert rows == [
        "| ex00 | Public pass | passed | 2/2 |  |",
        "| ex01 | every check | not submitted | 0/4 | no ex01_*.py file in the submission |",
    ]


def test_a_problem_is_one_sentence():
    looped = Grade("bob", [], problem="ex00: a check ran over 10 s: is there an endless loop?")
    assert "Note: ex00: a check ran over 10 s: is there an endless loop?\n" in feedback_markdown(
        looped
    )


def test_gradescope_results_hide_hidden_tests_until_published():
    results = gradescope_results(GRADE)
    assert results["score"] == 2
    hidden = results["tests"][-1]
    assert hidden == {
        "name": "ex00 hidden check 1",
        "score": 0,
        "max_score": 2,
        "status": "failed",
        "output": "",
        "visibility": "after_published",
    }


def test_summary_gives_mean_and_full_marks_per_exercise():
    full = Grade("bob", [graded_test(t, "passed") for t in ("a", "b", "c")])
    lines = summary([GRADE, full], ["ex00"]).splitlines()
    assert lines[1].split() == ["ex00", "4.0/6", "1/2"]
