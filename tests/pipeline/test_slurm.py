"""The whole build through a real single-node SLURM (workflow/scripts/slurm_localhost.sh).

Skipped only where SLURM cannot be installed or started (the script exits 77 and says why).
"""

import subprocess

import pytest
from conftest import ROOT

SCRIPT = ROOT / "workflow/scripts/slurm_localhost.sh"
pytestmark = pytest.mark.dag  # a whole build, twice


def test_the_build_runs_through_slurm_with_identical_outputs():
    run = subprocess.run(["bash", str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if run.returncode == 77:
        pytest.skip(run.stderr.strip().splitlines()[-1])
    assert run.returncode == 0, run.stderr[-4000:]
    last = run.stderr.strip().splitlines()[-1]
    assert "jobs through SLURM" in last and "outputs identical to a local build" in last, last
    jobs = int(last.split("passed: ")[1].split(" jobs")[0])
    assert f"({jobs} COMPLETED)" in last  # every job SLURM ran for the build completed
