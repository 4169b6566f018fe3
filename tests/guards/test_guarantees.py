"""Confidentiality, determinism and recovery, tested on real builds."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from conftest import PYTHON, copy_project, digests, snakemake

KEY = "k" * 40
NAMES = [("organization", "Hope Harbor Foundation"), ("person", "Maria Example"), ("place", "Port Town")]


def plant_restricted(workdir: Path) -> None:
    """A small restricted fixture: identifiable names and one document that uses them."""
    folder = workdir / "data/raw/restricted/documents"
    folder.mkdir(parents=True)
    (workdir / "data/raw/restricted/names.csv").write_text(
        "kind,name\n" + "".join(f"{kind},{name}\n" for kind, name in NAMES)
    )
    (folder / "charter.txt").write_text("The Hope Harbor Foundation, chaired by Maria Example, meets in Port Town.\n")


def test_restricted_inputs_are_git_ignored():
    from conftest import ROOT

    assert "data/raw/restricted/" in (ROOT / ".gitignore").read_text().splitlines()


def test_pseudonymization_step_with_a_key(rebuilt):
    plant_restricted(rebuilt)
    run = snakemake(rebuilt, env_extra={"CTC_PSEUDONYM_KEY": KEY})
    assert run.returncode == 0, run.stderr[-3000:]
    text = (rebuilt / "data/processed/pseudonymized/documents/charter.txt").read_text()
    assert not any(name in text for _, name in NAMES)
    assert text.startswith("The Organization-") and "chaired by Person-" in text and "in Place-" in text
    from ctcstudy.guards.pseudonymize import pseudonym

    assert pseudonym(KEY.encode(), "person", "Maria Example") in text  # stable: same key, same pseudonym
    assert "restricted names" in (rebuilt / "results/leak_scan.txt").read_text()
    assert (rebuilt / "results/leak_scan.txt").read_text().split("; ")[1] == (
        "restricted names: 1 organization, 1 person, 1 place"
    )
    assert "restricted names: 1 organization, 1 person, 1 place" in run.stdout  # the closing summary says so


def test_pseudonymization_refused_without_a_key(rebuilt):
    plant_restricted(rebuilt)
    before = digests(rebuilt)
    run = snakemake(rebuilt, env_extra={"CTC_PSEUDONYM_KEY": "", "CTC_PSEUDONYM_KEY_FILE": ""})
    assert run.returncode != 0
    assert "restricted inputs need a pseudonymization key: set CTC_PSEUDONYM_KEY" in run.stderr
    assert digests(rebuilt) == before


def test_key_file_inside_the_repository_is_refused(rebuilt):
    plant_restricted(rebuilt)
    (rebuilt / "pseudonym.key").write_text(KEY)
    run = snakemake(
        rebuilt, env_extra={"CTC_PSEUDONYM_KEY": "", "CTC_PSEUDONYM_KEY_FILE": str(rebuilt / "pseudonym.key")}
    )
    assert run.returncode != 0
    assert "the pseudonymization key must not be inside the repository" in run.stderr


def test_leak_scan_fails_on_a_planted_name(rebuilt):
    plant_restricted(rebuilt)
    assert snakemake(rebuilt, env_extra={"CTC_PSEUDONYM_KEY": KEY}).returncode == 0
    table = rebuilt / "results/tables/table2_member_types.md"
    table.write_text(table.read_text() + "\nNote: data from Maria Example.\n")
    run = snakemake(rebuilt, env_extra={"CTC_PSEUDONYM_KEY": KEY})
    assert run.returncode != 0
    line = len(table.read_text().splitlines()) if table.exists() else None
    assert line is None  # withdrawn: nothing shareable keeps the name
    moved = rebuilt / "quarantine/results/tables/table2_member_types.md"
    line = len(moved.read_text().splitlines())
    assert run.stderr.strip().splitlines()[-1] == (
        f"ERROR: leak scan: results/tables/table2_member_types.md:{line}: restricted name #2 (person) -> moved to "
        "quarantine/results/tables/table2_member_types.md"
    )
    logs = "".join(p.read_text(errors="replace") for p in (rebuilt / "logs").rglob("*.log"))
    assert "Maria Example" not in run.stdout + run.stderr + logs  # the entry is named, never the name


def strip_volatile(notebook: dict) -> dict:
    """Executed notebooks without timestamps and execution metadata."""
    notebook["metadata"].pop("papermill", None)
    for cell in notebook["cells"]:
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell.pop("id", None)  # papermill gives the cell it injects a random id
    return notebook


def compared_files(workdir: Path) -> dict[str, bytes]:
    files = {}
    for folder in ("results", "data/processed"):
        for path in sorted((workdir / folder).rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if path.suffix == ".ipynb":
                    data = json.dumps(strip_volatile(json.loads(data)), sort_keys=True).encode()
                files[str(path.relative_to(workdir))] = data
    return files


def test_two_cold_builds_are_byte_identical(built, tmp_path):
    other = copy_project(tmp_path / "elsewhere" / "project")
    run = snakemake(other)
    assert run.returncode == 0, run.stderr[-3000:]
    first, second = compared_files(built), compared_files(other)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    assert any(name.endswith(".png") for name in first) and any(name.endswith(".svg") for name in first)


def test_interrupted_build_recovers(built, tmp_path):
    workdir = copy_project(tmp_path / "project")
    build = subprocess.Popen(
        [PYTHON, "-m", "snakemake", "--cores", "2"],
        cwd=workdir,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list((workdir / "results/notebooks").glob("*.ipynb")):
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before a notebook started"
    os.killpg(build.pid, signal.SIGKILL)  # killed midway, a notebook running
    build.wait()
    assert list((workdir / ".snakemake/incomplete").rglob("*"))  # the half-written outputs are marked
    assert snakemake(workdir, "--unlock").returncode == 0  # a killed Snakemake leaves its lock (README)
    rerun = snakemake(workdir)  # the default profile reruns incomplete jobs
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert compared_files(workdir) == compared_files(built)
