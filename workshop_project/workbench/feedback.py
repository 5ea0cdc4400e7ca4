"""What the batch grader writes: grades.csv, report.html, and per learner feedback.md and
results.json, all from the same grades, into a fresh output folder (workbench.outputs).

Hidden tests appear as "hidden check N" with their points and outcome only: never their name,
hint, error or source.
"""

import csv
import json
import statistics

from workbench.class_report import class_report
from workbench.outputs import fresh_folder
from workbench.scores import NOT_SUBMITTED, by_exercise, earned, points, points_per_exercise


def write_outputs(grades, out):
    """Replace out with the class's gradebook, report and feedback; return the summary."""
    exercises = sorted({test["exercise"] for grade in grades for test in grade.tests})
    with fresh_folder(out) as folder:
        write_gradebook(grades, exercises, folder / "grades.csv")
        (folder / "report.html").write_text(class_report(grades))
        for grade in grades:
            (folder / grade.learner).mkdir()
            (folder / grade.learner / "feedback.md").write_text(feedback_markdown(grade))
            results = json.dumps(gradescope_results(grade), indent=2)
            (folder / grade.learner / "results.json").write_text(results)
    return summary(grades, exercises)


def write_gradebook(grades, exercises, path):
    """A row per learner: points per exercise, total, maximum, whether the learner's code ran
    sandboxed, and any problem. Grading again gives the same file."""
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", *exercises, "total", "max", "sandbox", "problem"])
        for grade in grades:
            per_exercise = points_per_exercise(grade.tests)
            scores = [per_exercise.get(exercise, (0, 0))[0] for exercise in exercises]
            writer.writerow(
                [grade.learner, *scores, grade.earned, grade.total, grade.sandbox, grade.problem]
            )


def shown_tests(grade):
    """(label, test) per test; hidden tests get a label that says nothing of what they check."""
    hidden = 0
    for test in grade.tests:
        if test["hidden"]:
            hidden += 1
            yield f"hidden check {hidden}", test
        else:
            yield test["title"], test


def explanation(test):
    """What a learner may read about a test that did not pass."""
    if test["outcome"] == "passed" or test["hidden"]:
        return ""
    if test["outcome"] == NOT_SUBMITTED:  # the hint is for an answer that exists
        return test["error"]
    return " ".join(part for part in (test["hint"], test["error"] and f"({test['error']})") if part)


def feedback_markdown(grade):
    lines = [f"# Feedback for {grade.learner}", "", f"Score: **{grade.earned}/{grade.total}**", ""]
    if grade.problem:
        lines += [f"Note: {sentence(grade.problem)}", ""]
    lines += ["| exercise | check | result | points | what to look at |", "|---|---|---|---|---|"]
    worth = {exercise: points(tests)[1] for exercise, tests in by_exercise(grade.tests).items()}
    said = set()  # the exercises not submitted, said in one row each
    for label, test in shown_tests(grade):
        exercise, outcome = test["exercise"], test["outcome"]
        if outcome != NOT_SUBMITTED:
            lines.append(
                f"| {exercise} | {label} | {outcome} | {earned(test)}/{test['points']} "
                f"| {explanation(test).replace('|', '/')} |"
            )
        elif exercise not in said:
            said.add(exercise)
            lines.append(f"| {exercise} | every check | {outcome} | 0/{worth[exercise]} | "
                         f"{explanation(test)} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def sentence(text):
    return text if text.endswith((".", "?", "!")) else f"{text}."


def gradescope_results(grade):
    """Gradescope's results.json: a score, and a score, maximum and text per test."""
    return {
        "score": grade.earned,
        "output": grade.problem,
        "tests": [
            {
                "name": f"{test['exercise']} {label}",
                "score": earned(test),
                "max_score": test["points"],
                "status": "passed" if test["outcome"] == "passed" else "failed",
                "output": explanation(test),
                "visibility": "after_published" if test["hidden"] else "visible",
            }
            for label, test in shown_tests(grade)
            if test["outcome"] != "skipped"
        ],
    }


def summary(grades, exercises):
    """Per exercise: the mean score and how many learners got full marks."""
    lines = [f"{'exercise':<10}{'mean':>8}{'full marks':>12}"]
    for exercise in [*exercises, "total"]:
        scores = [
            points(grade.tests)
            if exercise == "total"
            else points_per_exercise(grade.tests)[exercise]
            for grade in grades
        ]
        mean = statistics.mean(got for got, _ in scores) if scores else 0
        full = sum(1 for got, most in scores if got == most)
        top = scores[0][1] if scores else 0
        lines.append(f"{exercise:<10}{mean:>5.1f}/{top:<2}{full:>6}/{len(scores)}")
    return "\n".join(lines)
