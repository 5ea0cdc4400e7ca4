import os
import re
import stat
import zipfile

import pytest

from workbench.submissions import MAX_FILE_BYTES, Submission, SubmissionProblem, find_submissions


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
    gathered = Submission("alice", source).gather(tmp_path / "answers")
    assert gathered.files == {"ex00_warm_up.py": "alice.zip/alice/exercises/ex00_warm_up.py"}
    assert (tmp_path / "answers" / "ex00_warm_up.py").read_text() == "NEWEST = True\n"


def test_never_writes_outside_the_destination(tmp_path):
    source = tmp_path / "mallory.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("../../ex00_warm_up.py", "ESCAPED = False\n")
    Submission("mallory", source).gather(tmp_path / "answers")
    assert [p.name for p in tmp_path.rglob("ex00_*.py")] == ["ex00_warm_up.py"]
    assert (tmp_path / "answers" / "ex00_warm_up.py").exists()


def test_says_a_zip_that_is_none_is_not_valid(tmp_path):
    source = tmp_path / "carol.zip"
    source.write_bytes(b"not a zip")
    with pytest.raises(SubmissionProblem, match=re.escape("carol.zip is not a valid zip file")):
        Submission("carol", source).gather(tmp_path / "answers")


def test_an_empty_zip_gathers_nothing(tmp_path):
    zipfile.ZipFile(tmp_path / "carol.zip", "w").close()
    gathered = Submission("carol", tmp_path / "carol.zip").gather(tmp_path / "answers")
    assert (gathered.files, gathered.notes) == ({}, [])


def folder_with(tmp_path, **files):
    learner = tmp_path / "alice"
    learner.mkdir()
    for name, text in files.items():
        (learner / name).write_text(text)
    return learner


def test_passes_over_links_and_says_so(tmp_path):
    learner = folder_with(tmp_path)
    (learner / "ex00_warm_up.py").symlink_to(tmp_path / "elsewhere.py")
    (learner / ".#ex01_approximate_counts.py").symlink_to("learner@laptop.4242:1700000000")
    gathered = Submission("alice", learner).gather(tmp_path / "answers")
    assert gathered.files == {}
    assert gathered.notes == [
        "alice/ex00_warm_up.py is a link: links are not followed, the file was not graded"
    ]


def test_a_folder_named_like_an_exercise_is_no_file(tmp_path):
    learner = folder_with(tmp_path)
    (learner / "ex00_warm_up.py").mkdir()
    (learner / "ex01_approximate_counts.py").write_text("ANSWER = 1\n")
    gathered = Submission("alice", learner).gather(tmp_path / "answers")
    assert gathered.files == {"ex01_approximate_counts.py": "alice/ex01_approximate_counts.py"}
    assert gathered.notes == ["alice/ex00_warm_up.py is a folder, not a file: not graded"]


def test_never_blocks_on_a_pipe(tmp_path):
    learner = folder_with(tmp_path)
    os.mkfifo(learner / "ex00_warm_up.py")
    gathered = Submission("alice", learner).gather(tmp_path / "answers")
    assert gathered.notes == ["alice/ex00_warm_up.py is not a regular file: not graded"]


def test_a_link_entry_in_a_zip_is_not_followed(tmp_path):
    source = tmp_path / "alice.zip"
    with zipfile.ZipFile(source, "w") as archive:
        entry = zipfile.ZipInfo("exercises/ex00_warm_up.py")
        entry.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(entry, "../../solutions/ex00_warm_up.py")
    gathered = Submission("alice", source).gather(tmp_path / "answers")
    assert gathered.files == {}
    assert gathered.notes[0].startswith("alice.zip/exercises/ex00_warm_up.py is a link")


def test_a_huge_entry_is_named_with_the_learners_path(tmp_path):
    source = tmp_path / "alice.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("exercises/ex01_approximate_counts.py", b"#" * (MAX_FILE_BYTES + 1))
    gathered = Submission("alice", source).gather(tmp_path / "answers")
    assert gathered.notes == [
        "alice.zip/exercises/ex01_approximate_counts.py is 1 MB, over the 1 MB limit: not graded"
    ]


def test_prefers_the_stubs_file_name_at_the_same_depth(tmp_path):
    learner = folder_with(tmp_path, **{"ex00_old.py": "OLD = 1\n", "ex00_warm_up.py": "NEW = 1\n"})
    gathered = Submission("alice", learner).gather(tmp_path / "answers", {"ex00_warm_up.py"})
    assert list(gathered.files) == ["ex00_warm_up.py"]


def test_a_folder_beside_its_zip_makes_two_learners_and_a_note(tmp_path):
    (tmp_path / "alice").mkdir()
    zipfile.ZipFile(tmp_path / "alice.zip", "w").close()
    (tmp_path / "report.html").mkdir()  # a learner may not take a name the batch writes
    found = find_submissions(tmp_path)
    assert [s.learner for s in found] == ["alice", "alice.zip", "report.html_"]
    assert (
        found[0].note == found[1].note == "alice/ and alice.zip are both submitted: each is graded"
    )


def test_names_shown_are_printable(tmp_path):
    learner = tmp_path / os.fsdecode(b"bad\xffname\n")
    learner.mkdir()
    assert [s.learner for s in find_submissions(tmp_path)] == ["bad\ufffdname?"]


def test_names_differing_only_in_case_get_folders_of_their_own(tmp_path):
    (tmp_path / "Alice").mkdir()
    (tmp_path / "alice").mkdir()
    assert [s.learner for s in find_submissions(tmp_path)] == ["Alice", "alice_"]
