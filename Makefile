# The two commands of the README:
#   make build   set up .venv (first time only) and rebuild every result with Snakemake
#   make test    set up .venv (first time only) and run the test suite
PYTHON ?= python3
CORES ?= 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup setup-slurm build test test-fast test-slurm clean manifest new-case hooks fuzz outside-checks checksums lint check-manuscript new-manuscript citation setup-validators deposit check-deposit test-deposit

setup: $(STAMP)

# Re-installs whenever the lock file or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The SLURM executor plugin lives in a second, small environment layered on .venv: installed in
# .venv itself, Snakemake would import it (and pandas) on every run, 0.2 s of each no-op.
SLURM_VENV := .venv-slurm
SLURM_STAMP := $(SLURM_VENV)/.installed

setup-slurm: $(SLURM_STAMP)

$(SLURM_STAMP): $(STAMP) requirements-slurm.lock
	$(PYTHON) -m venv $(SLURM_VENV)
	$(BIN)/python -c 'import sysconfig; print("import site; site.addsitedir(%r)" % sysconfig.get_path("purelib"))' \
		> $$($(SLURM_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/ctcstudy-main-venv.pth
	$(SLURM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-slurm.lock
	touch $(SLURM_STAMP)

# The whole build through a private single-node SLURM (see the README, "On a SLURM cluster").
test-slurm: $(SLURM_STAMP)
	bash workflow/scripts/slurm_localhost.sh

build: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

# On both cores: the builds many tests run use one core for long stretches (the validation gate,
# SLURM's scheduling), so two workers finish the suite sooner. The tests come longest first
# (tests/conftest.py) and are handed out two at a time, so neither worker is left with a queue of
# builds while the other idles (pytest-xdist's default hands each a quarter of the suite at once).
test: $(STAMP)
	$(BIN)/python -m pytest -n $(CORES) --maxschedchunk 2

# Every test that does not run Snakemake (those are marked `dag`): the readers, checks and
# derivations, in well under a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not dag" -q

# The Python formatted and linted (ruff), the rules formatted (snakefmt) and linted; a test runs these too.
# (snakemake --lint always asks for per-rule conda environments, which this workflow does not
# declare: the test accepts that one lint and no other.)
lint: $(STAMP)
	$(BIN)/python -m pytest tests/pipeline/test_lint.py -q -p no:cacheprovider

# Records the outputs' checksums after a deliberate change of an output (run `make build` first);
# a test holds every build to them, so a refactoring that changes an output fails.
checksums: $(STAMP)
	$(BIN)/python -m ctcstudy output-checksums --write tests/expected/outputs.sha256

# Records data/raw after a deliberate change (the build refuses raw files that differ from it).
manifest: $(STAMP)
	$(BIN)/python -m ctcstudy manifest --write

# A case of your own: make new-case ID=harbor_network PSEUDONYM="Harbor Network" TYPE=coalition
new-case: $(STAMP)
	$(BIN)/python -m ctcstudy new-case --id "$(ID)" --pseudonym "$(PSEUDONYM)" --type "$(or $(TYPE),coalition)"

# The commit guard: a pre-commit hook scanning staged files for restricted names (.pre-commit-config.yaml).
hooks: $(STAMP)
	$(BIN)/pre-commit install

# Every reader fed mutated inputs (hypothesis), 2,000 examples each; the test suite runs a small budget.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest tests/readers/test_fuzz.py -q -p no:cacheprovider

# Removes generated outputs only; data/raw is never touched.
clean:
	rm -rf data/interim logs .snakemake results/* data/processed/*.csv quarantine
	touch results/.gitkeep

# Every number and table cell of a paper against the current build (brought up to date first):
#   make check-manuscript FILE=paper.docx [STRICT=1]   (.docx .tex .md .txt .pdf; STRICT=1 fails on a difference)
check-manuscript: build
	@test -n "$(FILE)" || { echo "usage: make check-manuscript FILE=paper.docx [STRICT=1]" >&2; exit 2; }
	$(BIN)/python -m ctcstudy check-manuscript "$(FILE)" $(if $(STRICT),--strict)

# The deposit for an archive: deposit/<name>-<version>/ and its zip (README, "Depositing").
deposit: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) deposit

# CITATION.cff, .zenodo.json and codemeta.json, written from config/citation.yaml, pyproject.toml and
# references.bib (after changing one of those).
citation: $(STAMP)
	$(BIN)/python -m ctcstudy write-citation

# The validators archives run (cffconvert, roc-validator), in an environment of their own: cffconvert pins
# jsonschema 3.2, which the main environment's packages refuse.
VALIDATORS_VENV := .venv-validators
VALIDATORS_STAMP := $(VALIDATORS_VENV)/.installed

setup-validators: $(VALIDATORS_STAMP)

$(VALIDATORS_STAMP): requirements-validators.lock
	$(PYTHON) -m venv $(VALIDATORS_VENV)
	$(VALIDATORS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-validators.lock
	touch $(VALIDATORS_STAMP)

# The deposit checked as the archives will: frictionless (datapackage.json), cffconvert
# (CITATION.cff) and roc-validator (ro-crate-metadata.json, Workflow Run Crate, offline).
check-deposit: deposit $(VALIDATORS_STAMP)
	cd deposit/*/ && $(CURDIR)/$(BIN)/frictionless validate datapackage.json
	$(VALIDATORS_VENV)/bin/cffconvert --validate -i $$(ls -d deposit/*/)CITATION.cff
	$(VALIDATORS_VENV)/bin/python workflow/scripts/validate_crate.py $$(ls -d deposit/*/) \
		--context $$(ls $(VENV)/lib/python3*/site-packages/rocrate/data/ro-crate.jsonld)

# The deposit unpacked into an empty folder and rebuilt there with the README's two commands;
# every file under results/ must come out identical (about 12 minutes, so not part of make test).
test-deposit: $(STAMP)
	bash workflow/scripts/deposit_roundtrip.sh

# A starter paper that takes Tables 1-3, a figure and five numbers from the build:
#   make new-manuscript ENGINE=latex|typst|docx [OUT=manuscript]
new-manuscript: build
	$(BIN)/python -m ctcstudy new-manuscript --engine $(or $(ENGINE),latex) --out $(or $(OUT),manuscript)

# The numbers the 2019 article quotes from other work, recomputed from that work's data once you
# have downloaded it into data/external/ (see the README, "Outside checks"); skipped otherwise.
outside-checks: $(STAMP)
	$(BIN)/python -m ctcstudy outside-checks
