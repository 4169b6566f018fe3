"""environment.yml (conda users) lists the same packages and versions as pyproject and the lock file."""

import re
import tomllib

import yaml
from conftest import ROOT


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            pins[normalize(name)] = version.strip()
    return pins


def test_environment_yml_matches_pyproject_and_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = {normalize(p.split("==")[0]): p.split("==")[1] for p in pip_section if "==" in p}
    direct = {
        normalize(re.split(r"[<>=!~ ]", d)[0])
        for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    assert set(env_pins) == direct
    locked = lock()
    assert {name: locked[name] for name in env_pins} == env_pins
    assert "python=3.11" in env["dependencies"]


def test_the_fast_lane_leaves_out_every_build():
    """`make test-fast` (-m "not dag") collects the readers, checks and derivations, and no test
    that builds: those through a built project, a Snakemake call, or SLURM."""
    import subprocess
    import sys

    from conftest import ROOT

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "not dag", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    fast = [line for line in run.stdout.splitlines() if "::" in line]
    assert len(fast) > 300
    building = ("test_pipeline.py", "test_report.py", "test_slurm.py", "test_qda_pipeline.py")
    assert [t for t in fast if t.split("::")[0].endswith(building)] == []
    assert (
        "tests/checks/test_bad_input.py::test_bad_input_is_refused_cleanly[empty_file]" not in fast
    )  # a build, refused
