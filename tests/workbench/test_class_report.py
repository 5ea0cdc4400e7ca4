"""The class report: what it says of a class, and how it looks in a real browser."""

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from workbench.batch import Grade
from workbench.class_report import class_report
from workbench.scores import NOT_SUBMITTED


def check(test, outcome, exercise="ex00", points=2, hidden=False, error=""):
    return {"exercise": exercise, "test": test, "title": test.replace("_", " ").capitalize(),
            "points": points, "hint": f"hint of {test}", "hidden": hidden, "outcome": outcome,
            "error": error}  # fmt: skip


def learner(name, outcomes, problem="", seconds=3.0, error=""):
    names = ["lists_posts", "two_queries", "counts", "secret"]
    exercises = ["ex00", "ex00", "ex01", "ex00"]
    tests = [
        check(test, outcome, exercise, hidden=test == "secret", error=error)
        for test, outcome, exercise in zip(names, outcomes, exercises, strict=True)
    ]
    return Grade(name, tests, problem, seconds, "bubblewrap")


CLASS = [
    learner("ada", ["passed"] * 4, seconds=2.5),
    learner("bob", ["passed", "failed", "passed", "passed"], "ex01: timed out", seconds=3.5),
    learner("<script>alert(1)</script>", ["failed"] * 4, "ex00: SyntaxError: invalid syntax"),
    learner("dan", ["failed"] * 4, seconds=9.0, error="NotWrittenYet: Exercise ex01"),
]


def test_shares_passing_per_exercise_and_per_check():
    report = class_report(CLASS)
    assert "4 submissions; maximum 8 points." in report
    assert '<td>ex00</td><td class="bar"><span style="width:25%"></span></td>' in report
    assert "<td>Two queries</td><td class='number'>2</td>" in report
    assert "hidden check 1" in report
    assert "hint of secret" not in report
    assert "Secret" not in report


def test_names_the_most_failed_checks_with_their_hints():
    most_failed = class_report(CLASS).split('id="checks-most-failed"')[1].split("</section>")[0]
    assert most_failed.index("Two queries") < most_failed.index("Lists posts")
    assert "<td class='number'>75%</td><td>hint of two_queries</td>" in most_failed


def test_counts_the_failed_among_the_learners_who_submitted_the_exercise():
    skipped = learner("eve", [NOT_SUBMITTED] * 4)
    unreadable = learner("fay", ["not run"] * 4, problem="fay.zip is not a valid zip file")
    most_failed = class_report([*CLASS, skipped, unreadable]).split('id="checks-most-failed"')[1]
    assert "<td class='number'>75%</td><td>hint of two_queries</td>" in most_failed


def test_says_why_each_zero_scored_nothing():
    zeros = class_report(CLASS).split('id="learners-who-scored-zero-and-why"')[1]
    assert "<td>ex00: SyntaxError: invalid syntax</td>" in zeros
    per_exercise = "ex00: NotWrittenYet: Exercise ex01; ex01: NotWrittenYet: Exercise ex01"
    assert f"<td>{per_exercise}</td>" in zeros
    assert "<script>" not in class_report(CLASS)


def test_lists_the_problems_of_learners_who_scored_something():
    others = class_report(CLASS).split('id="other-learners-with-a-problem"')[1]
    assert "<td>bob</td><td class='number'>6/8</td><td>ex01: timed out</td>" in others
    assert "ada" not in others.split("</section>")[0]


def test_lists_the_slowest_submission_first():
    timings = class_report(CLASS).split('id="time-per-submission"')[1]
    assert timings.index("dan") < timings.index("bob") < timings.index("ada")
    assert "median 3.2 s" in timings


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt install chromium")
def test_opens_offline_in_a_real_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    report = tmp_path / "report.html"
    report.write_text(class_report(CLASS))
    requested = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1500})
        page.on("request", lambda request: requested.append(request.url))
        page.goto(report.as_uri())
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "class_report.png", full_page=True)
        headings = page.locator("h2").all_inner_texts()
        bars = page.locator("svg rect").count()
        zero_learner = page.get_by_text("<script>alert(1)</script>").count()
        browser.close()
    assert requested == [report.as_uri()]
    assert headings == [
        "Score distribution",
        "Exercises",
        "Checks most failed: what to teach again",
        "Every check",
        "Learners who scored zero, and why",
        "Other learners with a problem",
        "Time per submission",
    ]
    assert bars == 10
    assert zero_learner == 2  # named as text, in the zeros and the timings
