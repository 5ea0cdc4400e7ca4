import re
import zipfile

import pytest

from workbench.submissions import Submission, SubmissionProblem, find_submissions


def test_finds_folders_and_zips_one_learner_each(tmp_path):
    (tmp_path / "alice").mkdir()
    zipfile.ZipFile(tmp_path / "bob.zip", "w").close()
    (tmp_path / "notes.txt").write_text("not a submission")
    assert [s.learner for s in find_submissions(tmp_path)] == ["alice", "bob"]


def test_takes_the_least_nested_copy_of_each_exercise(tmp_path):
    source = tmp_path / "alice.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("alice/exercises/ex00_warm_up.py", "NEWEST = True\n")
        archive.writestr("alice/old/backup/ex00_warm_up.py", "NEWEST = False\n")
        archive.writestr("__MACOSX/alice/._ex03_prefetch_related.py", "junk")
        archive.writestr("alice/exercises/notes.py", "not an exercise")
    names = Submission("alice", source).gather(tmp_path / "answers")
    assert names == ["ex00_warm_up.py"]
    assert (tmp_path / "answers" / "ex00_warm_up.py").read_text() == "NEWEST = True\n"


def test_never_writes_outside_the_destination(tmp_path):
    source = tmp_path / "mallory.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("../../ex00_warm_up.py", "ESCAPED = False\n")
    Submission("mallory", source).gather(tmp_path / "answers")
    assert [p.name for p in tmp_path.rglob("ex00_*.py")] == ["ex00_warm_up.py"]
    assert (tmp_path / "answers" / "ex00_warm_up.py").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "no exNN_*.py exercise file found"), (b"not a zip", "is not a valid zip file")],
)
def test_says_what_is_wrong_with_a_zip(tmp_path, content, problem):
    source = tmp_path / "carol.zip"
    if content:
        source.write_bytes(content)
    else:
        zipfile.ZipFile(source, "w").close()
    with pytest.raises(SubmissionProblem, match=re.escape(problem)):
        Submission("carol", source).gather(tmp_path / "answers")
