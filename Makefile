# The two commands of the README:
#   make build   set up .venv (first time only) and rebuild every result with Snakemake
#   make test    set up .venv (first time only) and run the test suite
PYTHON ?= python3
CORES ?= 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup build test clean manifest

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

# Records data/raw after a deliberate change (the build refuses raw files that differ from it).
manifest: $(STAMP)
	$(BIN)/python -m ctcstudy manifest --write

# Removes generated outputs only; data/raw is never touched.
clean:
	rm -rf data/interim logs .snakemake results/* data/processed/*.csv
	touch results/.gitkeep
