# The two commands of the README:
#   make build   set up .venv (first time only) and rebuild every result with Snakemake
#   make test    set up .venv (first time only) and run the test suite
PYTHON ?= python3
CORES ?= 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup build test clean

setup: $(STAMP)

# Re-installs whenever the lock file or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

test: $(STAMP)
	$(BIN)/python -m pytest

# Removes generated outputs only; data/raw is never touched.
clean:
	rm -rf data/interim logs .snakemake results/* data/processed/*.csv
	touch results/.gitkeep
