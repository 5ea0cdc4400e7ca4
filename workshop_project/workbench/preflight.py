"""python -m workbench.preflight: is this machine ready for a room? Each check green or red.

It checks the versions, boots the workbook, runs each chapter's demo quickly with the reference
solutions, and grades the solutions (full marks expected). A red line says what to fix.
"""

import io
import os
import sys
import tempfile
import time
from contextlib import redirect_stdout
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

GREEN, RED, RESET = ("\033[32m", "\033[31m", "\033[0m") if sys.stdout.isatty() else ("", "", "")


class Red(Exception):
    """A failed check; the message says what to fix."""


@dataclass
class Outcome:
    check: str
    ok: bool
    detail: str
    seconds: float

    def line(self, width):
        mark = f"{GREEN}ok  {RESET}" if self.ok else f"{RED}FIX {RESET}"
        return f"{mark} {self.check:<{width}}  {self.seconds:5.1f} s  {self.detail}"


def versions():
    widgets, lab_widgets = version("ipywidgets"), version("jupyterlab_widgets")
    if (widgets.split(".")[0], lab_widgets.split(".")[0]) != ("8", "3"):
        raise Red(f"ipywidgets {widgets} with jupyterlab_widgets {lab_widgets} do not match: "
                  "reinstall with `make clean install`.")  # fmt: skip
    names = ("django", "celery", "jupyterlab", "ipywidgets")
    return f"Python {sys.version.split()[0]}, " + ", ".join(f"{n} {version(n)}" for n in names)


def boots():
    from workbench.boot import BootError, boot

    setup = io.StringIO()
    try:
        with redirect_stdout(setup):
            boot()
    except BootError as error:
        raise Red(str(error)) from None
    said = setup.getvalue().splitlines()
    labels = ("Database:", "Cache:", "Broker:", "Data:")  # not the seed's progress bar
    return "; ".join(" ".join(line.split()) for line in said if line.startswith(labels))


def chapter_1():
    from forum.models import Comment
    from workbench.changelists import changelist

    if changelist(Comment)().status_code != 200:
        raise Red("The comment changelist did not render: run `make test` for details.")
    return f"approx_count() of comments: {Comment.objects.approx_count()}; changelist renders"


def chapter_2():
    from workbench.traffic import simulate
    from workbench.worker import start_worker

    start_worker()
    aside, filled = simulate(["cache-aside", "background fill"], requests=200, progress=False)
    if filled.share("computed in request") or not filled.refreshed:
        raise Red("Background fill computed in the request, or the worker ran no refresh.")
    return f"p99 {aside.percentile(99):.1f} ms (cache-aside) vs {filled.percentile(99):.1f} ms"


def chapter_3():
    from django.template.loader import render_to_string

    from forum.selectors import feed_posts
    from workbench.measure import measure

    counts = []
    for n in (5, 50):
        with measure(show=False) as measured:
            render_to_string("forum/feed.html", {"posts": feed_posts()[:n]})
        counts.append(measured.count)
    if len(set(counts)) != 1:
        raise Red(f"The feed ran {counts} queries at N=5 and N=50: it should not grow.")
    return f"the feed in {counts[0]} queries at N=5 and N=50"


def chapter_4():
    from core.middleware import was_cancelled
    from core.timeouts import statement_timeout
    from workbench.runaway import busy

    with statement_timeout(0.2):
        elapsed, error = busy(2)
    if not was_cancelled(error) or elapsed > 0.3:
        raise Red(f"A 0.2 s statement timeout let a statement run {elapsed:.2f} s.")
    return f"statement_timeout(0.2) cancelled a runaway at {elapsed:.3f} s"


def grading():
    from workbench.batch import REPO_DIR, Limits, grade_all
    from workbench.submissions import Submission

    with tempfile.TemporaryDirectory(prefix="workbook-preflight-") as workdir:
        submissions = [Submission("solutions", REPO_DIR / "solutions")]
        (grade,) = grade_all(submissions, Path(workdir), Limits())
    if grade.problem or grade.earned < grade.total:
        raise Red(f"The reference solutions scored {grade.earned}/{grade.total}: "
                  f"{grade.problem or 'run `make check ANSWERS=solutions`'}.")  # fmt: skip
    return f"the reference solutions score {grade.earned}/{grade.total}"


CHECKS = {
    "versions": versions,
    "boot": boots,
    "chapter 1 demo": chapter_1,
    "chapter 2 demo": chapter_2,
    "chapter 3 demo": chapter_3,
    "chapter 4 demo": chapter_4,
    "grading": grading,
}


def run(name, check):
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except Red as problem:
        detail, ok = str(problem), False
    except Exception as error:  # an unexpected failure is red too, and says what it was
        detail, ok = f"{type(error).__name__}: {error}", False
    return Outcome(name, ok, detail, time.perf_counter() - started)


def main():
    os.environ.setdefault("WORKBOOK_ANSWERS", "solutions")
    width = max(map(len, CHECKS))
    outcomes = []
    for name, check in CHECKS.items():
        outcomes.append(run(name, check))
        print(outcomes[-1].line(width), flush=True)
        if name == "boot" and not outcomes[-1].ok:
            break  # nothing else runs without a booted project
    failed = [outcome.check for outcome in outcomes if not outcome.ok]
    total = sum(outcome.seconds for outcome in outcomes)
    if failed:
        sys.exit(f"{RED}preflight: fix {', '.join(failed)}{RESET} ({total:.0f} s)")
    print(f"{GREEN}preflight: ready for the room{RESET} ({total:.0f} s)")


if __name__ == "__main__":
    main()
