import os
import subprocess
import sys

from workbench.outcome_stream import collect, encode, end_record, tally

CHECKS, CANARIES = {"a", "b"}, {"c"}


def stream(*records):
    return b"".join(records)


def test_reads_each_checks_record_up_to_the_end():
    told = tally(
        stream(encode("a", "passed"), encode("c", "failed"), end_record()), CHECKS, CANARIES
    )
    assert (told.tampered, told.ended) == ("", True)
    assert {key: record["outcome"] for key, record in told.records.items()} == {
        "a": "passed",
        "c": "failed",
    }


def test_ignores_what_comes_after_the_end():
    told = tally(stream(encode("a", "failed"), end_record(), b"junk\n", encode("b", "passed")),
                 CHECKS, CANARIES)  # fmt: skip
    assert told.tampered == ""
    assert set(told.records) == {"a"}


def test_a_last_line_without_its_newline_was_never_sent():
    told = tally(stream(encode("a", "failed"), encode("b", "passed")[:-1]), CHECKS, CANARIES)
    assert (told.tampered, set(told.records), told.ended) == ("", {"a"}, False)


def test_a_passing_canary_is_tampering():
    told = tally(stream(encode("c", "passed")), CHECKS, CANARIES)
    assert told.tampered == "a check that cannot pass passed"


def test_a_repeated_unknown_or_malformed_record_is_tampering():
    repeated = stream(encode("a", "failed"), encode("a", "passed"))
    unknown = encode("z", "passed")
    wrong_outcome = b'{"id": "a", "outcome": "won", "error": "", "location": "", ' \
                    b'"unimportable": false}\n'  # fmt: skip
    nested = b"[" * 100_000 + b"\n"
    streams = (repeated, unknown, b"[1, 2]\n", b"not json\n", wrong_outcome, nested)
    reasons = [tally(text, CHECKS, CANARIES).tampered for text in streams]
    assert reasons == [
        "a check reported twice",
        "an outcome for a check that does not exist",
        "a malformed record",
        "a malformed record",
        "a malformed record",
        "a malformed record",
    ]


def run_writer(code):
    """A process writing `code`'s records down a pipe; return (reader, process)."""
    reader, writer = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(writer)], pass_fds=(writer,), start_new_session=True
    )
    os.close(writer)
    return reader, process


def test_collects_until_the_process_ends():
    reader, process = run_writer(
        "import os, sys\nfor word in (b'one\\n', b'two\\n'):\n    os.write(int(sys.argv[1]), word)"
    )
    try:
        assert collect(process, reader, 30) == (b"one\ntwo\n", False)
    finally:
        os.close(reader)


def test_does_not_wait_for_a_helper_holding_the_pipe():
    helper = "import os, sys, time; os.write(int(sys.argv[1]), b'x\\n'); time.sleep(60)"
    code = (
        "import os, subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', {helper!r}, sys.argv[1]], "
        "pass_fds=(int(sys.argv[1]),))\n"
    )
    reader, process = run_writer(code)
    try:
        _, timed_out = collect(process, reader, 30)
        assert not timed_out
        assert process.returncode == 0
    finally:
        os.close(reader)
        os.killpg(process.pid, 9)


def test_says_when_the_process_runs_out_of_time():
    reader, process = run_writer("import time; time.sleep(60)")
    try:
        assert collect(process, reader, 0.2) == (b"", True)
    finally:
        os.close(reader)
        process.kill()
        process.wait()
