"""The build through a real single-node SLURM (workflow/scripts/slurm_localhost.sh), on a small
budget: the validation gate and one notebook (four jobs through the scheduler). The whole build
through SLURM is `make test-slurm`.

Skipped only where SLURM cannot be installed or started (the script exits 77 and says why).
"""

import os
import subprocess

import pytest
from conftest import ROOT

SCRIPT = ROOT / "workflow/scripts/slurm_localhost.sh"
TARGET = "results/tables/table1_ngo_types.csv"  # needs the gate and the membership_tables notebook
pytestmark = pytest.mark.dag


def test_the_gate_and_a_notebook_run_through_slurm_with_the_recorded_outputs():
    env = {**os.environ, "SLURM_TARGET": TARGET}
    run = subprocess.run(["bash", str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=1800, env=env)
    if run.returncode == 77:
        pytest.skip(run.stderr.strip().splitlines()[-1])
    assert run.returncode == 0, run.stderr[-4000:]
    last = run.stderr.strip().splitlines()[-1]
    assert "passed: 4 jobs through SLURM (4 COMPLETED), 4 rules" in last, last
    assert "outputs identical to the recorded ones" in last, last
