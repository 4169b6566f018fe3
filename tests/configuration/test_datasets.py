"""The register of raw datasets (workflow/datasets.yaml): everything that used to be kept in step by
hand comes from it or is checked against it."""

import copy
import json
import os
import subprocess
import sys

import pytest
from conftest import CASES, CONFIG, ROOT, copy_project, snakemake

from ctcstudy.checks import suites
from ctcstudy.configuration import caselist
from ctcstudy.configuration import datasets as register
from ctcstudy.configuration.schemas import validate
from ctcstudy.errors import InputError

ENTRIES = register.load()


def test_every_tidy_table_has_its_committed_suite_and_no_suite_is_left_over():
    committed = sorted(p.stem for p in (ROOT / "workflow/expectations").glob("*.json"))
    assert committed == sorted(register.tables())
    assert set(suites.SUITES) <= set(register.tables())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_every_entry_names_a_reader_and_its_columns(entry):
    assert callable(register.reader(entry["id"]))
    if "columns" in entry:
        assert register.columns(entry["id"]) and len(set(register.columns(entry["id"]))) == len(
            register.columns(entry["id"])
        )


def test_the_shipped_case_list_gives_the_files_the_build_reads():
    assert register.raw_files(CASES, CONFIG)["case_facts"] == [
        "data/raw/cases/coalition_facts.csv",
        "data/raw/samaj/case_facts.csv",
    ]
    assert register.raw_files(CASES, CONFIG)["published_values"] == [CONFIG["study"]["published_values"]]
    assert register.required_files("single_organization") == [
        "case_facts",
        "collaborations",
        "tactics",
        "timeline",
        "partner_conditions",
    ]


def schema_refusal(edit) -> str:
    document = copy.deepcopy(CASES)
    edit(document["cases"][0]["files"])
    with pytest.raises(InputError) as refused:
        validate(document, caselist.schema(ROOT / "workflow/schemas/cases.schema.yaml"), "config/cases.yaml")
    return str(refused.value)


def test_the_cases_schema_takes_its_files_from_the_register():
    assert schema_refusal(lambda f: f.update(minutes="data/raw/m.csv")) == (
        "config/cases.yaml: record cases/0/files, field minutes: Additional properties are not allowed "
        "('minutes' was unexpected)"
    )
    assert "field questionnaire" in schema_refusal(lambda f: f.update(questionnaire="answers.json"))
    assert "field interviews" in schema_refusal(lambda f: f.update(interviews=["a.qdpx", "b.nvp"]))


def test_a_survey_export_without_its_column_map_is_refused_through_the_register(tmp_path):
    document = copy.deepcopy(CASES)
    document["cases"][0]["files"]["questionnaire"] = "answers.csv"
    with pytest.raises(
        InputError,
        match=r"field files\.questionnaire_columns: a survey export \(\.csv, \.xlsx\) "
        r"needs its column map$",
    ):
        caselist.check(document, "config/cases.yaml", ROOT)


GARBAGE = {
    "csv": b"\xff\xfe\x00garbage\x00",
    "sav": b"$FL2 not really",
    "dta": b"<stata_dta>broken",
    "xlsx": b"PK\x03\x04 not a zip",
    "qdpx": b"PK\x03\x04 not a zip",
}


@pytest.mark.parametrize(
    "entry, extension",
    [(e, x) for e in ENTRIES for x in e["extensions"]],
    ids=lambda v: v["id"] if isinstance(v, dict) else v,
)
def test_every_reader_refuses_a_broken_file_in_one_line_naming_it(tmp_path, entry, extension):
    path = tmp_path / f"broken.{extension}"
    path.write_bytes(GARBAGE[extension])
    read = register.reader(entry["id"])
    with pytest.raises(InputError) as refused:
        read(path, None) if "companion" in entry else read(path)
    message = str(refused.value)
    assert message.startswith(str(path)) and "\n" not in message, message


TOY_READER = '''"""A toy reader: meeting minutes as a pipe-separated text file, one decision per line."""
import pandas as pd

from ctcstudy.errors import InputError


def read_minutes(path):
    rows = [line.split("|") for line in open(path, encoding="utf-8").read().splitlines() if line.strip()]
    if any(len(r) != 4 for r in rows):
        raise InputError(path, "every line needs case|decision|provenance|source")
    return pd.DataFrame(rows, columns=["case", "decision", "provenance", "source"])
'''


@pytest.mark.dag
def test_a_toy_reader_joins_the_build_through_one_module_and_one_register_entry(tmp_path):
    """What the Extending page promises: write the reader, add its entry, regenerate the suites."""
    project = copy_project(tmp_path / "project")
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy/toy_minutes.py").write_text(TOY_READER, encoding="utf-8")
    with open(project / "workflow/datasets.yaml", "a", encoding="utf-8") as register_file:
        register_file.write(
            "  - id: meeting_minutes\n    from: {case_files: minutes}\n    extensions: [txt]\n"
            "    required_by: []\n    reader: toy_minutes:read_minutes\n"
            "    columns: [case, decision, provenance, source]\n    key: [case, decision]\n"
        )
    minutes = project / "data/raw/samaj/minutes.txt"
    minutes.write_text("Samaj|join the task force|published|lux_mosley_2014, p. 5\n", encoding="utf-8")
    cases = (project / "config/cases.yaml").read_text(encoding="utf-8")
    samaj_files = "      case_facts: data/raw/samaj/case_facts.csv\n"
    assert cases.count(samaj_files) == 1
    (project / "config/cases.yaml").write_text(
        cases.replace(samaj_files, samaj_files + "      minutes: data/raw/samaj/minutes.txt\n"), encoding="utf-8"
    )
    env = {"PYTHONPATH": str(tmp_path / "toy")}
    for command in (["write-suites", "--out-dir", "workflow/expectations"], ["manifest", "--write"]):
        run = subprocess.run(
            [sys.executable, "-m", "ctcstudy", *command],
            cwd=project,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
    build = snakemake(project, env_extra=env)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert (project / "data/processed/meeting_minutes.csv").read_text(encoding="utf-8") == (
        'case,decision,provenance,source\nSamaj,join the task force,published,"lux_mosley_2014, p. 5"\n'
    )
    assert json.loads((project / "results/validation/meeting_minutes.json").read_text())["success"] is True
