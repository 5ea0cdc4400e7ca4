import pytest

from workbench.outputs import MARKER, OutputProblem, fresh_folder


def test_each_run_replaces_the_last_output_whole(tmp_path):
    out = tmp_path / "grading-output"
    with fresh_folder(out) as folder:
        (folder / "stale_learner").mkdir()
    (out / "planted").mkdir()
    with fresh_folder(out) as folder:
        (folder / "grades.csv").write_text("new")
    assert sorted(path.name for path in out.iterdir()) == [MARKER, "grades.csv"]
    assert [path.name for path in tmp_path.iterdir()] == ["grading-output"]


def test_a_failed_run_leaves_the_last_output_as_it_was(tmp_path):
    out = tmp_path / "grading-output"
    with fresh_folder(out) as folder:
        (folder / "grades.csv").write_text("first")

    def fail_midway():
        with fresh_folder(out) as folder:
            (folder / "grades.csv").write_text("second")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_midway()
    assert (out / "grades.csv").read_text() == "first"
    assert [path.name for path in tmp_path.iterdir()] == ["grading-output"]


@pytest.mark.parametrize("kind", ["files of someone else", "a link", "a file"])
def test_never_replaces_what_a_run_did_not_write(tmp_path, kind):
    out, precious = tmp_path / "out", tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    if kind == "files of someone else":
        out = precious
    elif kind == "a link":
        out.symlink_to(precious)
    else:
        out.write_text("notes")
    with pytest.raises(OutputProblem), fresh_folder(out):
        pass
    assert (precious / "thesis.tex").read_text() == "years of work"
