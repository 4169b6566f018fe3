"""The citation files archives read: written from their sources, never typed twice, and valid."""

import json
import subprocess

from conftest import ROOT

from ctcstudy.deposit.citation import files


def test_citation_files_are_what_their_sources_give():
    """CITATION.cff, .zenodo.json and codemeta.json as committed = as written from config/citation.yaml,
    pyproject.toml and references.bib now (run `make citation` after changing one of those)."""
    for name, text in files(ROOT).items():
        assert (ROOT / name).read_text(encoding="utf-8") == text, f"{name} is stale: run make citation"


def test_the_three_files_state_the_same_facts():
    import tomllib

    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    codemeta = json.loads((ROOT / "codemeta.json").read_text(encoding="utf-8"))
    assert cff["version"] == zenodo["version"] == codemeta["version"] == project["version"]
    assert cff["license"] == zenodo["license"] == project["license"] == "MIT"
    assert codemeta["license"] == "https://spdx.org/licenses/MIT"
    dois = {r["doi"] for r in cff["references"] if "doi" in r}
    assert "10.5130/ccs.v11.i1.6259" in dois  # Foot, Sworn & Alejano-Steele (2019)
    assert dois == {i["identifier"] for i in zenodo["related_identifiers"]}
    assert not any(r["title"].startswith("ctcstudy") for r in cff["references"])  # the package is not its own source


def test_cffconvert_validates_the_citation_file():
    setup = subprocess.run(["make", "-s", "setup-validators"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert setup.returncode == 0, setup.stderr[-2000:]
    run = subprocess.run(
        [str(ROOT / ".venv-validators/bin/cffconvert"), "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "valid according to schema version 1.2.0" in run.stdout


def test_licences_are_in_place_and_named_by_the_readme():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`LICENSE`" in readme and "`LICENSE-DATA`" in readme
