"""Exercise stubs, made from the reference solutions: one source for each exercise.

A solution states the task in its module docstring and marks each answer inside a function
with a `# BEGIN SOLUTION` line and an `# END SOLUTION` line. Its stub is the same file with
every marked block replaced by `raise NotWrittenYet("exNN")`, and NotWrittenYet imported.

    python -m workbench.stubs           # write exercises/ from solutions/
    python -m workbench.stubs --check   # list the stubs that differ from their solutions
"""

import re
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
SOLUTIONS, EXERCISES = REPO_DIR / "solutions", REPO_DIR / "exercises"
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
STUB_IMPORT = "from core.extension_points import NotWrittenYet"
FIRST_PARTY = re.compile(r"(from|import) (core|forum|workshop)\b")


class MarkerError(ValueError):
    """A solution whose markers do not pair up."""


def stub_source(solution, exercise):
    """The stub's text for a solution's text."""
    lines, stub, inside = solution.splitlines(), [], False
    for number, line in enumerate(lines, 1):
        marker = line.strip()
        if marker == BEGIN:
            if inside or not line.startswith(" "):
                raise MarkerError(f"line {number}: {BEGIN} must open a block inside a function")
            inside = True
            stub.append(line.replace(BEGIN, f'raise NotWrittenYet("{exercise}")'))
        elif marker == END:
            if not inside:
                raise MarkerError(f"line {number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            stub.append(line)
    if inside:
        raise MarkerError(f"{BEGIN} without {END}")
    return "\n".join(with_stub_import(stub)) + "\n"


def with_stub_import(lines):
    """The lines with STUB_IMPORT sorted into the first-party imports (a block of its own if
    there are none), the way ruff's isort places it."""
    first_party = [n for n, line in enumerate(lines) if FIRST_PARTY.match(line)]
    if first_party:
        block = first_party
        at = next((n for n in block if lines[n] > STUB_IMPORT), block[-1] + 1)
        return [*lines[:at], STUB_IMPORT, *lines[at:]]
    imports = [n for n, line in enumerate(lines) if re.match(r"(from|import) ", line)]
    if imports:
        at = imports[-1] + 1
        return [*lines[:at], "", STUB_IMPORT, *lines[at:]]
    docstring_end = next(n for n, line in enumerate(lines) if n and line.endswith('"""'))
    return [*lines[: docstring_end + 1], "", STUB_IMPORT, *lines[docstring_end + 1 :]]


def exercise_of(path):
    return path.name.split("_", 1)[0]


def stubs():
    """{stub path: its text} for every solution."""
    return {
        EXERCISES / path.name: stub_source(path.read_text(), exercise_of(path))
        for path in sorted(SOLUTIONS.glob("ex*_*.py"))
    }


def pristine():
    """{file name: text} of every stub as solutions/ makes it, whatever exercises/ holds now (a
    learner's or an instructor's own answers). Where no solution is shipped (the Gradescope
    autograder), exercises/ as shipped: `make autograder` writes it from solutions/."""
    if SOLUTIONS.is_dir():
        return {path.name: text for path, text in stubs().items()}
    return {path.name: path.read_text() for path in sorted(EXERCISES.glob("ex*_*.py"))}


def drifted():
    """The stubs in exercises/ that differ from their solutions, missing or extra."""
    expected = stubs()
    present = set(EXERCISES.glob("ex*_*.py"))
    return sorted(
        path.name
        for path in present | set(expected)
        if path not in expected or not path.exists() or path.read_text() != expected[path]
    )


def main():
    if sys.argv[1:] == ["--check"]:
        if names := drifted():
            sys.exit(f"Stubs that differ from solutions/ (run python -m workbench.stubs): {names}")
        return
    for path, text in stubs().items():
        path.write_text(text)
        print(f"wrote {path.relative_to(REPO_DIR)}")


if __name__ == "__main__":
    main()
