"""One formatter and linter for the Python (ruff), the rules formatted (snakefmt) and linted
(snakemake --lint). `make lint` runs the same four."""

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_python_is_linted_and_formatted():
    checked = run(str(BIN / "ruff"), "check", ".")
    assert checked.returncode == 0, checked.stdout[-3000:]
    formatted = run(str(BIN / "ruff"), "format", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout[-3000:]


def test_the_rules_are_formatted():
    formatted = run(str(BIN / "snakefmt"), "--check", "Snakefile", "workflow/rules")
    assert formatted.returncode == 0, formatted.stderr[-3000:]


def test_the_rules_pass_snakemakes_lint_but_for_per_rule_conda_environments():
    """Every rule runs in the environment that runs Snakemake (make build, or the conda environment
    of environment.yml): per-rule environments are not declared, so that one lint is expected."""
    linted = run(str(BIN / "python"), "-m", "snakemake", "--lint")
    lints = re.findall(r"^    \* (.+?):?$", linted.stdout + linted.stderr, flags=re.M)
    assert lints and set(lints) == {"Specify a conda environment or container for each rule."}, lints
