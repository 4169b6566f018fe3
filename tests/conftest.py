import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((ROOT / CONFIG["cases_file"]).read_text(encoding="utf-8"))
COALITIONS = [c["pseudonym"] for c in CASES["cases"] if c["case_type"] == "coalition"]
CONFIG["coalitions"] = COALITIONS  # as workflow/rules/common.smk sets it from the cases
RAW_QUESTIONNAIRE = ROOT / CASES["cases"][0]["files"]["questionnaire"]
PUBLISHED = ROOT / CONFIG["study"]["published_values"]
PYTHON = sys.executable


@pytest.fixture(scope="session")
def coalitions():
    return COALITIONS


@pytest.fixture(scope="session")
def claims():
    from ctcstudy.verify.published import load_claims

    return load_claims(PUBLISHED)


@pytest.fixture()
def responses():
    from ctcstudy.readers.questionnaire import read_responses

    return read_responses(RAW_QUESTIONNAIRE)


def published_cells(claims: pd.DataFrame, output: str) -> dict[tuple[str, str], str]:
    """(row, column) -> published value, for one output, from the one published-values file."""
    part = claims[claims["output"].eq(output)]
    return {(r, c): v for r, c, v in zip(part["row"], part["column"], part["published"])}


QUESTIONNAIRE = "data/raw/questionnaire/leader_questionnaire.sav"  # relative to a project copy


def record_raw_change(workdir: Path) -> None:
    """The documented command after a deliberate change to data/raw (make manifest)."""
    subprocess.run([PYTHON, "-m", "ctcstudy", "manifest", "--write"], cwd=workdir, check=True, capture_output=True)


def snakemake(workdir: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [PYTHON, "-m", "snakemake", "--cores", "2", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def copy_project(dest: Path) -> Path:
    from ctcstudy.guards.manifest import copy_project as copy

    return copy(ROOT, dest)


def digests(workdir: Path) -> dict[str, str]:
    """Hash of every file under results/ and data/processed/."""
    files = [p for d in ("results", "data/processed") for p in sorted((workdir / d).rglob("*")) if p.is_file()]
    return {str(p.relative_to(workdir)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    workdir = copy_project(tmp_path_factory.mktemp("build") / "project")
    run = snakemake(workdir)
    assert run.returncode == 0, run.stderr[-3000:]
    return workdir


@pytest.fixture()
def rebuilt(built, tmp_path):
    """A private copy of the built project (timestamps kept), for runs that change it."""
    return Path(shutil.copytree(built, tmp_path / "project"))


def pdf(path, text: str) -> None:
    """A one-page PDF with a text layer (or none, for text=""), as a user's document might be."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(6, 2))
    if text:
        fig.text(0.05, 0.5, text)
    fig.savefig(path, metadata={"CreationDate": None, "Producer": None})
    plt.close(fig)


BUILDS = {"built", "rebuilt", "browsed"}  # fixtures that run a whole build


BUILD_CALLS = ("snakemake(", "readme_commands()")  # how a test runs a build itself


def source_of(item) -> str:
    import inspect

    try:
        return inspect.getsource(item.function)
    except (OSError, TypeError, AttributeError):
        return ""


def runs_snakemake(item) -> bool:
    """A test that builds: through a built project, or by calling Snakemake (or make) itself."""
    return bool(BUILDS & set(getattr(item, "fixturenames", ()))) or any(c in source_of(item) for c in BUILD_CALLS)


FIRST = ("test_slurm.py",)  # a build through SLURM, mostly waiting: started first


def weight(item) -> int:
    """Longest first, so that on two workers the many quick tests fill the end instead of one
    long build running alone: SLURM, then tests that run builds of their own, then tests that
    read the shared build, then the rest."""
    if item.nodeid.split("::")[0].endswith(FIRST):
        return 0
    if any(call in source_of(item) for call in (*BUILD_CALLS, '"make"')):
        return 1
    return 2 if item.get_closest_marker("dag") else 3


def pytest_collection_modifyitems(config, items):
    """Mark every test that runs Snakemake `dag`, so `make test-fast` (-m "not dag") leaves it out;
    order them longest first (weight)."""
    for item in items:
        if runs_snakemake(item):
            item.add_marker(pytest.mark.dag)
    items.sort(key=weight)
