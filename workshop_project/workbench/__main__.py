"""The toolkit's commands in a terminal, as check(), progress() and reset() are in a notebook:

python -m workbench check [ex00 ...]   # make check [EX=ex00]
python -m workbench progress           # make progress
python -m workbench reset exNN         # make reset EX=exNN
"""

import importlib
import sys

USAGE = __doc__.split(":", 1)[1]


def main():
    command, *arguments = sys.argv[1:] or [""]
    if command == "check":
        importlib.import_module("workbench.check").main(arguments)
    elif command in ("progress", "reset"):
        importlib.import_module("workbench.progress").main(command, arguments)
    else:
        sys.exit(f"usage:{USAGE}")


if __name__ == "__main__":
    main()
