"""The deposit's provenance (ro-crate-metadata.json): Snakemake's own records read back into rule
runs, every deposited file with its checksum, the access tiers, and roc-validator's verdict."""

import base64
import hashlib
import json
import subprocess
import sys

import pytest
from conftest import ROOT

from ctcstudy.deposit.crate import jobs, recorded_runs


def record(folder, path: str, **fields):
    """A record as Snakemake writes it: the output path in URL-safe base64, split into '@' folders
    when longer than a file name may be."""
    encoded = base64.urlsafe_b64encode(path.encode()).decode()
    parts = [encoded[i : i + 40] for i in range(0, len(encoded), 40)]
    target = folder.joinpath(*["@" + p for p in parts[:-1]], parts[-1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"record_format_version": 6, "incomplete": False, **fields}))


def test_snakemakes_records_become_one_run_per_job(tmp_path):
    folder = tmp_path / ".snakemake/metadata"
    job = {"rule": "membership_tables", "job_hash": 7, "input": ["b.csv", "a.csv"], "shellcmd": "x"}
    long_name = "results/tables/" + "a" * 60 + ".csv"  # split over '@' folders
    record(folder, "results/tables/table1.csv", starttime=12.0, endtime=20.0, **job)  # each output its own times
    record(folder, long_name, starttime=11.5, endtime=19.0, **job)
    record(folder, "results/report.html", rule="report", job_hash=8, starttime=21.0, endtime=22.0, input=[])
    record(folder, "results/half.csv", rule="verify", job_hash=9, starttime=1.0, endtime=2.0, incomplete=True)
    record(folder, "deposit/x.zip", rule="deposit", job_hash=10, starttime=30.0, endtime=31.0)
    (folder / "not-base64!").write_text("{}")  # a stray file is not a record
    runs = recorded_runs(tmp_path)
    assert sorted(runs) == sorted(
        ["results/tables/table1.csv", long_name, "results/report.html", "results/half.csv", "deposit/x.zip"]
    )
    assert jobs(runs) == [
        {
            "rule": "membership_tables",
            "start": 11.5,
            "end": 20.0,
            "inputs": ["a.csv", "b.csv"],
            "outputs": sorted([long_name, "results/tables/table1.csv"]),
            "command": "x",
        },
        {"rule": "report", "start": 21.0, "end": 22.0, "inputs": [], "outputs": ["results/report.html"], "command": ""},
    ]


# Every property and type the crate uses is a term of the RO-Crate 1.1 context (sha256, which is
# not, is defined in the crate's own context). The validator is given the 1.3 context with 1.1's
# IRIs restored (workflow/scripts/validate_crate.py), so a term new since 1.1 must be caught here.
TERMS_OF_RO_CRATE_1_1 = {
    *("about", "additionalType", "agent", "author", "citation", "conditionsOfAccess", "conformsTo"),
    *("contentSize", "datePublished", "description", "encodingFormat", "endTime", "exampleOfWork"),
    *("hasPart", "identifier", "input", "instrument", "isAccessibleForFree", "isPartOf", "license"),
    *("mainEntity", "mentions", "name", "object", "output", "programmingLanguage", "result"),
    *("softwareRequirements", "softwareVersion", "startTime", "url", "valueRequired", "version"),
    *("workExample", "ComputationalWorkflow", "ComputerLanguage", "CreateAction", "CreativeWork"),
    *("Dataset", "File", "FormalParameter", "Organization", "Person", "SoftwareApplication"),
    "SoftwareSourceCode",
}


@pytest.fixture(scope="module")
def deposited(built, tmp_path_factory):
    """One deposit of the built project, for the tests that only read it."""
    import shutil

    project = shutil.copytree(built, tmp_path_factory.mktemp("crate") / "project")
    run = subprocess.run(
        [sys.executable, "-m", "ctcstudy", "deposit", "--out-dir", "deposit"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "ro-crate-metadata.json: 15 rule runs; 0 deposited outputs with no recorded run" in run.stdout
    return project, next(p for p in (project / "deposit").iterdir() if p.is_dir())


def test_every_rule_run_is_an_action_with_its_files_times_and_software(deposited):
    project, folder = deposited
    graph = {e["@id"]: e for e in json.loads((folder / "ro-crate-metadata.json").read_text())["@graph"]}
    runs = {e["@id"].split("/")[1]: e for e in graph.values() if e["@type"] == "CreateAction"}
    assert sorted(runs) == sorted(
        [
            *("build", "package_fingerprint", "check_manifest", "synthesize_panel", "validate"),
            *("publish_validated", "membership_tables", "coalition_profiles", "coded_interviews"),
            *("panel_tables", "single_organizations", "cross_case", "verify", "report"),
            *("replication_report", "leak_scan"),
        ]
    )
    tables = runs["membership_tables"]
    assert {"@id": "data/processed/questionnaire.csv"} in tables["object"]
    assert {"@id": "results/tables/table1_ngo_types.csv"} in tables["result"]
    assert tables["instrument"] == {"@id": "#rule/membership_tables"}
    assert tables["startTime"] <= tables["endTime"]
    assert runs["build"]["instrument"] == {"@id": "Snakefile"} == graph["./"]["mainEntity"]
    assert graph["#rule/membership_tables"]["isPartOf"] == {"@id": "Snakefile"}
    # the intermediate files the deposit leaves out are named, not passed off as deposited
    assert graph["#made-not-deposited/data/interim/panel/synthetic_panel.dta"]["@type"] == "CreativeWork"
    software = {e["name"]: e["softwareVersion"] for e in graph.values() if e["@type"] == "SoftwareApplication"}
    locked = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split() if "==" in line)
    assert software["pandas"] == locked["pandas"] and software["great_expectations"] == locked["great_expectations"]
    assert software["Snakemake"] == locked["snakemake"]


def test_every_deposited_file_has_its_checksum_and_access_tier(deposited):
    _, folder = deposited
    graph = json.loads((folder / "ro-crate-metadata.json").read_text())["@graph"]
    files = {e["@id"]: e for e in graph if e["@type"] == "File" or "File" in e["@type"]}
    on_disk = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "ro-crate-metadata.json"
    }
    assert set(files) == on_disk
    for path in ("data/raw/questionnaire/leader_questionnaire.sav", "results/tables/table1_ngo_types.csv"):
        assert files[path]["sha256"] == hashlib.sha256((folder / path).read_bytes()).hexdigest()
        assert files[path]["conditionsOfAccess"].startswith("public: Every file of the replication package")
    absent = {e["name"][:30]: e["conditionsOfAccess"].split(":")[0] for e in graph if e["@id"].startswith("#not-dep")}
    assert absent == {
        "Leader questionnaire responses": "confidential",
        "Samaj staff interviews": "confidential",
        "Organization-level panel codin": "confidential",
        "Restricted names: the real nam": "never",
        "Pseudonymization key: the secr": "never",
    }
    used = {k for e in graph for k in e if not k.startswith("@")}
    used |= {t for e in graph for t in (e["@type"] if isinstance(e["@type"], list) else [e["@type"]])}
    assert used - TERMS_OF_RO_CRATE_1_1 == {"sha256"}


def test_roc_validator_finds_a_workflow_run_crate(deposited):
    _, folder = deposited
    setup = subprocess.run(["make", "-s", "setup-validators"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert setup.returncode == 0, setup.stderr[-2000:]
    context = next((ROOT / ".venv/lib").glob("python3*/site-packages/rocrate/data/ro-crate.jsonld"))
    report = folder.parent / "crate_report.json"
    run = subprocess.run(
        [
            str(ROOT / ".venv-validators/bin/python"),
            str(ROOT / "workflow/scripts/validate_crate.py"),
            str(folder),
            "--context",
            str(context),
            "--output-file",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    verdict = json.loads(report.read_text())
    assert run.returncode == 0 and verdict["passed"], [i["message"] for i in verdict["issues"]][:5]
    assert verdict["validation_settings"]["profile_identifier"] == "workflow-run-crate-0.5"
    assert verdict["validation_settings"]["requirement_severity"] == "REQUIRED"
