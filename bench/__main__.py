"""python -m bench: each technique's before/after figures and ratios, on the database in use,
then the workbook's cold boot and the time to run every notebook (on a fresh machine's set-up).

Options: --chapter NAME (repeatable; default: all), --repeat N (runs per figure; the median is
kept), --size NAME (dataset; default: workshop), --json PATH (write the rows for tooling).
It measures with DEBUG off, as a site in production runs: with DEBUG on, Django also records
every query it runs.
"""

import argparse
import importlib
import json
import os
import secrets

CHAPTERS = {
    "counting": "bench.counting",
    "caching": "bench.caching",
    "prefetch": "bench.prefetch",
    "killing": "bench.killing",
    "grading": "bench.grading",
    "seeding": "bench.seeding",
    "workbook": "bench.workbook",
}


def main():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", action="append", choices=CHAPTERS, help="default: all")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default: 5)")
    parser.add_argument("--size", default="workshop", help="dataset size (default: workshop)")
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON")
    args = parser.parse_args()

    os.environ.setdefault("WORKBOOK_ANSWERS", "solutions")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG off refuses the dev key
    from workbench import boot

    boot(args.size)
    from bench.report import table

    rows = []
    for chapter in args.chapter or CHAPTERS:
        rows += importlib.import_module(CHAPTERS[chapter]).rows(args.repeat)
    print(table(rows))
    if args.json:
        with open(args.json, "w") as file:
            json.dump([row.as_dict() for row in rows], file, indent=2)


if __name__ == "__main__":
    main()
