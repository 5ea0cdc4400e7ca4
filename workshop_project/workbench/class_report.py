"""The class report (report.html): one self-contained page an instructor can act on tomorrow.

Score distribution, the share of learners passing each exercise and each check, the checks most
failed with their hints (what to teach again), who scored zero and why, the problems the batch
found with the others (tampering, a timeout, a file passed over), and how long each submission
took. Plain HTML and inline SVG: no script, no file beside it, opens offline. Hidden
checks are named "hidden check N", as in the learners' feedback.
"""

import statistics
from collections import Counter
from html import escape

from workbench.scores import by_exercise, points_per_exercise

BINS = 10  # the score distribution's bars: 0-9 %, 10-19 %... 90-100 %
MOST_FAILED = 5
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 62em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; } caption { text-align: left; color: #555; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar { background: #e8eef7; width: 12em; } .bar span { display: block; height: 1em;
  background: #3b6fb6; } .note { color: #555; } .warning { color: #a00; font-weight: bold; }
svg text { font: 12px system-ui, sans-serif; fill: #333; }
"""


def class_report(grades):
    """The report of a graded class, as one HTML document."""
    sections = [
        headline(grades),
        section("Score distribution", distribution(grades)),
        section("Exercises", exercise_table(grades)),
        section("Checks most failed: what to teach again", most_failed(grades)),
        section("Every check", check_table(grades)),
        section("Learners who scored zero, and why", zero_scores(grades)),
        section("Other learners with a problem", other_problems(grades)),
        section("Time per submission", timings(grades)),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Class report</title><style>{STYLE}</style></head><body>"
        + "".join(sections)
        + "</body></html>\n"
    )


def section(title, body):
    return f'<section><h2 id="{slug(title)}">{escape(title)}</h2>{body}</section>'


def slug(title):
    return title.split(":")[0].lower().replace(" ", "-").replace(",", "")


def headline(grades):
    totals = [grade.earned for grade in grades]
    top = grades[0].total if grades else 0
    unsandboxed = {grade.sandbox for grade in grades if grade.sandbox != "bubblewrap"}
    lines = [f"{len(grades)} submissions; maximum {top} points."]
    if totals:
        lines.append(
            f"Mean {statistics.mean(totals):.1f}, median {statistics.median(totals):g}; "
            f"{sum(total == top for total in totals)} with full marks."
        )
    warning = "".join(f'<p class="warning">Sandbox: {escape(why)}</p>' for why in unsandboxed)
    return f"<h1>Class report</h1><p>{escape(' '.join(lines))}</p>{warning}"


def bar(share):
    return f'<td class="bar"><span style="width:{100 * share:.0f}%"></span></td>'


def table(caption, header, rows):
    head = "".join(f"<th>{escape(name)}</th>" for name in header)
    return f"<table><caption>{escape(caption)}</caption><tr>{head}</tr>{''.join(rows)}</table>"


def distribution(grades):
    """A bar per tenth of the maximum: how many learners scored in it."""
    counts = [0] * BINS
    for grade in grades:
        share = grade.earned / grade.total if grade.total else 0
        counts[min(int(share * BINS), BINS - 1)] += 1
    tallest, width, height = max(counts, default=0) or 1, 56, 160
    bars = []
    for number, count in enumerate(counts):
        x, tall = 40 + number * width, height * count / tallest
        label = f"{number * 10}-{number * 10 + 9 if number < BINS - 1 else 100} %"
        bars.append(
            f'<rect x="{x}" y="{20 + height - tall:.1f}" width="{width - 8}" height="{tall:.1f}" '
            f'fill="#3b6fb6"><title>{label}: {count}</title></rect>'
            f'<text x="{x + (width - 8) / 2}" y="{14 + height - tall:.1f}" '
            f'text-anchor="middle">{count or ""}</text>'
            f'<text x="{x + (width - 8) / 2}" y="{height + 38}" text-anchor="middle">{label}</text>'
        )
    return (
        f'<svg role="img" aria-label="learners per score band" width="{40 + BINS * width}" '
        f'height="{height + 48}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
    )


def exercise_table(grades):
    exercises = sorted({test["exercise"] for grade in grades for test in grade.tests})
    rows = []
    for exercise in exercises:
        scores = [points_per_exercise(grade.tests)[exercise] for grade in grades]
        full = sum(got == most for got, most in scores) / len(scores)
        mean = statistics.mean(got for got, _ in scores)
        rows.append(
            f"<tr><td>{escape(exercise)}</td>{bar(full)}<td class='number'>{full:.0%}</td>"
            f"<td class='number'>{mean:.1f}/{scores[0][1]}</td></tr>"
        )
    return table("Share of learners with full marks, and the mean score",
                 ["exercise", "", "full marks", "mean"], rows)  # fmt: skip


def checks_by_share(grades):
    """(exercise, label, hint, points, share passed, share failed of those whose submission of
    the exercise was graded) per check, in catalogue order."""
    if not grades:
        return []
    hidden = Counter()
    rows = []
    for number, test in enumerate(grades[0].tests):
        if test["hidden"]:
            hidden[test["exercise"]] += 1
            label, hint = f"hidden check {hidden[test['exercise']]}", ""
        else:
            label, hint = test["title"], test["hint"]
        outcomes = [grade.tests[number] for grade in grades]
        passed = sum(outcome["outcome"] == "passed" for outcome in outcomes)
        attempted = sum(outcome["outcome"] in ("passed", "failed") for outcome in outcomes)
        failed = (attempted - passed) / attempted if attempted else 0
        rows.append((test["exercise"], label, hint, test["points"], passed / len(grades), failed))
    return rows


def check_table(grades):
    rows = [
        f"<tr><td>{escape(exercise)}</td><td>{escape(label)}</td><td class='number'>{pts}</td>"
        f"{bar(share)}<td class='number'>{share:.0%}</td></tr>"
        for exercise, label, _, pts, share, _ in checks_by_share(grades)
    ]
    return table("Share of learners passing each check",
                 ["exercise", "check", "points", "", "passed"], rows)  # fmt: skip


def most_failed(grades):
    """Among the learners who submitted each exercise: an exercise not done is not one to teach
    again."""
    failing = [row for row in checks_by_share(grades) if row[5] > 0]
    failing.sort(key=lambda row: row[5], reverse=True)
    if not failing:
        return "<p>Every learner passed every check of the exercises they submitted.</p>"
    rows = [
        f"<tr><td>{escape(exercise)}</td><td>{escape(label)}</td>"
        f"<td class='number'>{failed:.0%}</td><td>{escape(hint)}</td></tr>"
        for exercise, label, hint, _, _, failed in failing[:MOST_FAILED]
    ]
    caption = "The checks the most learners failed, of those who submitted the exercise"
    return table(f"{caption}, with the hint they were shown",
                 ["exercise", "check", "failed", "hint"], rows)  # fmt: skip


def zero_scores(grades):
    zeros = [grade for grade in grades if grade.earned == 0]
    if not zeros:
        return "<p>Nobody scored zero.</p>"
    rows = [f"<tr><td>{escape(grade.learner)}</td><td>{escape(why_zero(grade))}</td></tr>"
            for grade in zeros]  # fmt: skip
    return table(learners(zeros), ["learner", "why"], rows)


def other_problems(grades):
    """Problems of learners who scored something: tampering, a timeout, a file passed over."""
    troubled = [grade for grade in grades if grade.problem and grade.earned]
    if not troubled:
        return "<p>None.</p>"
    rows = [f"<tr><td>{escape(grade.learner)}</td><td class='number'>{grade.earned}/{grade.total}"
            f"</td><td>{escape(grade.problem)}</td></tr>" for grade in troubled]  # fmt: skip
    return table(learners(troubled), ["learner", "score", "problem"], rows)


def learners(grades):
    return f"{len(grades)} learner" if len(grades) == 1 else f"{len(grades)} learners"


def why_zero(grade):
    """The problem the batch found, or else each exercise's most frequent error."""
    if grade.problem:
        return grade.problem
    reasons = []
    for exercise, tests in sorted(by_exercise(grade.tests).items()):
        errors = Counter(test["error"] for test in tests if test["error"] and not test["hidden"])
        if errors:
            reasons.append(f"{exercise}: {errors.most_common(1)[0][0]}")
    return "; ".join(reasons) or "every check failed"


def timings(grades):
    ranked = sorted(grades, key=lambda grade: grade.seconds, reverse=True)
    slowest = ranked[0].seconds if ranked and ranked[0].seconds else 1
    median = statistics.median(grade.seconds for grade in grades) if grades else 0
    rows = [
        f"<tr><td>{escape(grade.learner)}</td>{bar(grade.seconds / slowest)}"
        f"<td class='number'>{grade.seconds:.1f} s</td>"
        f"<td class='number'>{grade.earned}/{grade.total}</td></tr>"
        for grade in ranked
    ]
    return table(f"Slowest first; median {median:.1f} s", ["learner", "", "time", "score"], rows)
