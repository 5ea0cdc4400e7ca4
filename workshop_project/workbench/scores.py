"""The arithmetic of graded checks, as the grading plugin reports them (a dict per check): points
earned, per exercise, and the lines that say so. No pytest here: check() and the batch read
reports without running tests.
"""

from collections import defaultdict

ENDLESS_LOOP = "is there an endless loop?"  # how a check that ran over its time limit ends
NOT_SUBMITTED = "not submitted"  # the outcome of a check of an exercise the learner has no file for


def not_submitted(check):
    """A check of an exercise the submission has no file for: never run, worth nothing."""
    error = f"no {check['exercise']}_*.py file in the submission"
    return check | {"outcome": NOT_SUBMITTED, "error": error}


def timed_out(checks):
    """The first check that ran over its time limit, or None."""
    return next((c for c in checks if (c.get("error") or "").endswith(ENDLESS_LOOP)), None)


def score_lines(tests):
    """The score of each exercise on a line, its failed checks below it; then the total."""
    lines = []
    for exercise, checks in sorted(by_exercise(tests).items()):
        earned, total = points(checks)
        lines.append(f"{exercise}  {earned}/{total}")
        failed = [check for check in checks if check["outcome"] not in ("passed", "skipped")]
        if broken := unimportable(failed, checks):
            lines.append(f"  ✗ {broken}")
            continue
        for check in failed:
            lines.append(f"  ✗ {check['title']} ({check['points']} pt)")
            lines += [f"      {text}" for text in (check["hint"], what_happened(check)) if text]
    return [*lines, "score: {}/{}".format(*points(tests))]


def unimportable(failed, checks):
    """When every check of an exercise failed because its file does not import or is not
    written: that one reason, said once."""
    if failed and len(failed) == len(checks) and all(check["unimportable"] for check in failed):
        return what_happened(failed[0])
    return ""


def what_happened(check):
    """The error, and where it happened unless the error says so (a SyntaxError does)."""
    error, location = check["error"], check["location"]
    return f"{error} ({location})" if error and location and location not in error else error


def earned(test):
    """The points a reported check (a dict, as in the JSON report) earned."""
    return test["points"] if test["outcome"] == "passed" else 0


def points(tests):
    """(earned, total) of reported checks; skipped ones count for neither."""
    counted = [test for test in tests if test["outcome"] != "skipped"]
    return sum(map(earned, counted)), sum(test["points"] for test in counted)


def by_exercise(tests):
    grouped = defaultdict(list)
    for test in tests:
        grouped[test["exercise"]].append(test)
    return grouped


def points_per_exercise(tests):
    """{exercise: (earned, total)} of reported checks."""
    return {exercise: points(checks) for exercise, checks in by_exercise(tests).items()}
