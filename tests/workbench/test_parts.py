import json
from pathlib import Path

import pytest

from workbench.parts import (
    Learner,
    Part,
    explain_exit,
    in_learner_terms,
    outcome,
    prepare_tree,
    write_plan,
)
from workbench.sandbox import Sandbox

LEARNER = Learner(Path("/work/alice"), {"ex00_warm_up.py": "alice.zip/ex/ex00_warm_up.py"}, 0,
                  Sandbox())  # fmt: skip
TREE = Path("/grading")


def check(name, exercise="ex00", hidden=False):
    return {"nodeid": f"tests/grading/test_{exercise}.py::{name}", "exercise": exercise,
            "test": name, "title": name, "points": 1, "hint": "", "hidden": hidden,
            "outcome": "not run", "error": "", "location": "", "unimportable": False}  # fmt: skip


def record(outcome_, error="", location=""):
    return {"outcome": outcome_, "error": error, "location": location, "unimportable": False}


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (1, "stopped reporting"),
        (137, "stopped by signal SIGKILL"),
        (-9, "stopped by signal SIGKILL"),
        (3, "ended early with exit code 3"),
        (200, "ended early with exit code 200"),
    ],
)
def test_explains_how_a_grading_process_ended(code, said):
    assert said in explain_exit(code)


def test_names_the_learners_own_files_never_the_grading_folder():
    error = "AnswerMissing: /grading/answers/ex00_warm_up.py defines no latest_posts()"
    assert in_learner_terms(error, LEARNER, TREE) == (
        "AnswerMissing: alice.zip/ex/ex00_warm_up.py defines no latest_posts()"
    )
    assert in_learner_terms("ex00_warm_up.py, line 3", LEARNER, TREE) == (
        "alice.zip/ex/ex00_warm_up.py, line 3"
    )
    assert in_learner_terms("SyntaxError: '(' (ex00_warm_up.py, line 3)", LEARNER, TREE) == (
        "SyntaxError: '(' (alice.zip/ex/ex00_warm_up.py, line 3)"
    )
    assert in_learner_terms("No ex01_*.py file in /grading/answers.", LEARNER, TREE) == (
        "No ex01_*.py file in the submission."
    )
    assert "/grading" not in in_learner_terms("at /grading/tests/x.py", LEARNER, TREE)


def test_texts_a_learner_wrote_are_printable_and_short():
    text = in_learner_terms("RuntimeError: \ud800 \x1b[31m" + "x" * 1000, LEARNER, TREE)
    assert text.startswith("RuntimeError: \ufffd ?[31m")
    assert len(text) == 300


def test_a_hidden_checks_outcome_comes_alone_and_a_skip_earns_nothing():
    hidden = outcome(check("test_h", hidden=True), record("failed", "SECRET", "x"), LEARNER, TREE)
    assert (hidden["outcome"], hidden["error"], hidden["location"]) == ("failed", "", "")
    skipped = outcome(check("test_s"), record("skipped", "no planner"), LEARNER, TREE)
    assert (skipped["outcome"], skipped["error"]) == ("failed", "skipped: no planner")
    assert outcome(check("test_n"), None, LEARNER, TREE)["outcome"] == "not run"


def test_plans_an_id_per_check_and_a_canary_per_exercise(tmp_path):
    checks = [check("test_a"), check("test_b"), check("test_c", "ex01")]
    ids, canaries = write_plan(tmp_path / "plan.json", Part("public checks", checks), TREE)
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert plan["checks"] == ids
    assert len({*ids.values(), *canaries}) == 5
    assert [canary["check"].split("::")[0] for canary in plan["canaries"]] == [
        "tests/grading/test_ex00.py",
        "tests/grading/test_ex01.py",
    ]
    assert plan["canary_answers"] == "/grading/stubs"


def test_a_grading_folder_holds_no_solution_and_only_the_hidden_tests_given(tmp_path):
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "test_ex00_hidden.py").write_text("")
    public, graded_hidden = prepare_tree(tmp_path / "a"), prepare_tree(tmp_path / "b", hidden)
    names = {path.relative_to(public).as_posix() for path in public.rglob("*")}
    assert "stubs/ex00_warm_up.py" in names
    assert not [name for name in names if "solutions" in name or "hidden" in name]
    assert (graded_hidden / "tests/grading/hidden/test_ex00_hidden.py").exists()
