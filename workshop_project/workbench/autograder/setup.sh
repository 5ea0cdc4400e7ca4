#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): Python 3.11
# or newer in a virtual environment with the workbook installed at the lock's versions, and
# bubblewrap, the sandbox.
set -euo pipefail
ROOT=${AUTOGRADER_ROOT:-/autograder}

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
PYTHON=$(command -v python3.12 || command -v python3.11 || true)
if [ -z "$PYTHON" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11 >/dev/null
  PYTHON=python3.11
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(basename "$PYTHON")-venv" >/dev/null
"$PYTHON" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --upgrade pip
"$ROOT/venv/bin/python" -m pip install --quiet -c "$ROOT/source/requirements.lock" "$ROOT/source"
