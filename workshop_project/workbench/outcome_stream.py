"""The channel that carries each check's outcome out of a grading process as soon as it is known.

The batch chooses an id per check and per canary (a copy of a check graded against the stubs,
which must fail) and hands the grading plugin this plan. The plugin writes one JSON line per check,
under its id, to a pipe the process inherited, then an end line. The batch reads the pipe while
the process runs, and trusts a stream only if no canary passed and no id is unknown, repeated or
malformed; what comes after the end line (an atexit handler, a helper process) is ignored.
"""

import json
import os
import selectors
import subprocess
import time
from dataclasses import dataclass, field

END = "end"
OUTCOMES = ("passed", "failed", "skipped")
MAX_TEXT = 300  # characters of an error or location: a record stays under PIPE_BUF, written whole
MAX_STREAM_BYTES = 2**20  # what the batch keeps of one stream; an honest one is a few kilobytes
POLL_SECONDS = 0.05


def encode(check_id, outcome, error="", location="", unimportable=False):
    """One record, as the plugin writes it."""
    record = {"id": check_id, "outcome": outcome, "error": error[:MAX_TEXT],
              "location": location[:MAX_TEXT], "unimportable": unimportable}  # fmt: skip
    return (json.dumps(record) + "\n").encode()


def end_record():
    return (json.dumps({"id": END}) + "\n").encode()


@dataclass
class Tally:
    """What a stream says: the record of each check id, or why it cannot be trusted."""

    records: dict = field(default_factory=dict)
    tampered: str = ""
    ended: bool = False


def tally(stream, check_ids, canary_ids):
    """Read a stream's bytes against the ids the batch handed out."""
    result = Tally()
    for line in stream.split(b"\n")[:-1]:  # a last piece without its newline was never sent whole
        record = parse(line)
        if record is None:
            return Tally(tampered="a malformed record")
        check_id = record["id"]
        if check_id == END:
            result.ended = True
            return result
        if check_id in result.records:
            return Tally(tampered="a check reported twice")
        if check_id in canary_ids and record["outcome"] == "passed":
            return Tally(tampered="a check that cannot pass passed")
        if check_id not in check_ids and check_id not in canary_ids:
            return Tally(tampered="an outcome for a check that does not exist")
        result.records[check_id] = record
    return result


def parse(line):
    """A record as a dict, or None when the line is not one the plugin writes."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        return None
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return None
    if record["id"] == END:
        return record
    well_formed = (
        record.get("outcome") in OUTCOMES
        and isinstance(record.get("error"), str)
        and isinstance(record.get("location"), str)
        and isinstance(record.get("unimportable"), bool)
    )
    return record if well_formed else None


def collect(process, reader, seconds):
    """Read the stream from the pipe `reader` until the process ends; return (the bytes, whether
    it ran out of time). A helper process still holding the pipe is not waited for."""
    deadline = time.monotonic() + seconds
    os.set_blocking(reader, False)
    kept = bytearray()
    with selectors.DefaultSelector() as selector:
        selector.register(reader, selectors.EVENT_READ)
        while (remaining := deadline - time.monotonic()) > 0:
            if selector.select(timeout=min(remaining, POLL_SECONDS)):
                chunk = os.read(reader, 65536)
                if not chunk:  # every writer is gone
                    return bytes(kept), not wait(process, deadline)
                kept += chunk[: MAX_STREAM_BYTES - len(kept)]
            elif process.poll() is not None:
                return bytes(kept), False
    return bytes(kept), True


def wait(process, deadline):
    """Whether the process ended before the deadline."""
    try:
        process.wait(timeout=max(deadline - time.monotonic(), 0))
    except subprocess.TimeoutExpired:
        return False
    return True
