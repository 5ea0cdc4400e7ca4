import pytest


@pytest.mark.slow
def test_a_failing_demo_is_red_and_says_what_to_fix(run_python):
    """The all-green run is CI's `make preflight`."""
    preflight = run_python("-m", "workbench.preflight", WORKBOOK_ANSWERS="exercises")
    assert preflight.returncode == 1
    assert preflight.stdout.count("ok  ") == 5
    assert "FIX  chapter 2 demo" in preflight.stdout
    assert "Exercise ex02 is not written yet" in preflight.stdout
    assert "preflight: fix chapter 2 demo, chapter 3 demo" in preflight.stderr


def test_a_machine_that_cannot_boot_stops_at_the_boot(run_python):
    dead = "postgres://nobody@127.0.0.1:9/nothing"
    preflight = run_python("-m", "workbench.preflight", DATABASE_URL=dead)
    assert preflight.returncode == 1
    assert "FIX  boot" in preflight.stdout
    assert "Nothing answers at 127.0.0.1:9 (DATABASE_URL)" in preflight.stdout
    assert "chapter 1" not in preflight.stdout
