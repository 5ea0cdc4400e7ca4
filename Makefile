# The workbook's commands. `make lab` opens it, `make test` runs every test; both set up first.
PYTHON ?= python3
VENV ?= .venv
UV ?= uv==0.13.9
ANSWERS ?= exercises
EX ?=
SIZE ?= workshop
AUTOGRADER ?= autograder.zip
PYTEST_ARGS ?=
BIN := $(VENV)/bin
LOCK := requirements.lock
MANAGE := $(BIN)/python workshop_project/manage.py
# Python's default, which some images turn off: without compiled-module caches, every kernel, check()
# and test process compiles the project again (a second `make lab` took 6-10 s here instead of 3-4 s).
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help install install-dev lock lab site test check progress reset grade autograder preflight bench seed lint \
  stubs clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "The workbook needs Python 3.11 or newer: try make $(MAKECMDGOALS) PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv --clear $(VENV)

# Every package at the lock's version (a constraints file: only what is asked for is installed),
# by uv, in seconds; by pip where uv cannot be had or fails (UV= skips uv).
install = { [ -n "$(UV)" ] && $(BIN)/python -m pip install --quiet "$(UV)" && \
  $(BIN)/uv pip install --quiet --python $(BIN)/python -c $(LOCK) $(1); } || \
  { echo "Installing with pip instead"; $(BIN)/python -m pip install --quiet --upgrade pip && \
    $(BIN)/python -m pip install --quiet -c $(LOCK) $(1); }

$(VENV)/installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(call install,-e .)
	$(BIN)/python -m workbench.lab_settings
	@[ "$$(uname)" != Linux ] || command -v bwrap >/dev/null || echo "Note: make grade sandboxes" \
	  "each submission with bubblewrap, not installed here (Debian, Ubuntu: apt-get install bubblewrap)"
	touch $@

# The tests' tools (ruff, playwright, repo2docker, pre-commit): only make test and make lint.
$(VENV)/installed-dev: $(VENV)/installed
	$(call install,-e ".[dev]")
	touch $@

install: $(VENV)/installed  ## create .venv and install the workbook (re-run to repair)

install-dev: $(VENV)/installed-dev  ## install the workbook and the tests' tools

# Binder's pins (environment.yml) hold for Python 3.12 and newer; the rest takes the versions
# already in the lock, or the newest with UPGRADE=1.
lock: | $(BIN)/python  ## maintainers: pin every package in requirements.lock (UPGRADE=1: newest)
	$(BIN)/python -m pip install --quiet "$(UV)"
	sed -n 's/^ *- *\([^ #]*==[^ #]*\).*/\1 ; python_version >= "3.12"/p' environment.yml \
	  > $(VENV)/binder-pins.txt
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --extra dev pyproject.toml \
	  -c $(VENV)/binder-pins.txt --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) \
	  -o $(LOCK)

lab: install  ## open the workbook in JupyterLab (ARGS="--port 8899 --no-browser" passes options)
	$(MANAGE) create_database
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) seed $(SIZE)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
	  --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

site: install  ## the forum in a browser, serving your answers (ANSWERS=solutions for the reference)
	$(MANAGE) create_database
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) seed $(SIZE)
	WORKBOOK_ANSWERS=$(ANSWERS) $(MANAGE) runserver $(ARGS)

test: install-dev  ## lint, then run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install  ## grade exercises/ (ANSWERS=solutions for the reference, EX=ex00 for one)
	WORKBOOK_ANSWERS=$(ANSWERS) $(BIN)/python -m workbench check $(EX)

progress: install  ## where you stand: every exercise, not started or its points
	$(BIN)/python -m workbench progress

reset: install  ## start an exercise over (EX=ex02): the stub again, your version kept
	$(BIN)/python -m workbench reset $(EX)

grade: install  ## grade a class, sandboxed (bubblewrap): SUBMISSIONS=folder [HIDDEN=folder]
	$(BIN)/python -m workbench.batch $(or $(SUBMISSIONS),--answers solutions) $(if $(HIDDEN),--hidden $(HIDDEN))

autograder: install  ## build autograder.zip for Gradescope [HIDDEN=folder of hidden tests]
	$(BIN)/python -m workbench.gradescope build --out $(AUTOGRADER) $(if $(HIDDEN),--hidden $(HIDDEN))

preflight: install  ## is this machine ready for a room? (versions, boot, demos, grading)
	$(BIN)/python -m workbench.preflight

bench: install  ## check the talk's claims: before/after ratios per technique (ARGS=--json out.json)
	$(BIN)/python -m bench $(ARGS)

seed: install  ## seed the database (SIZE=tiny|workshop|large|huge; RESET=1 rebuilds)
	$(MANAGE) create_database
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) seed $(SIZE) $(if $(RESET),--reset)

lint: install-dev  ## ruff, fixing what it safely can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

stubs: install  ## maintainers: rewrite exercises/ from the marked answers in solutions/
	$(BIN)/python -m workbench.stubs

clean:  ## remove the virtual environment and the database
	rm -rf $(VENV) data
