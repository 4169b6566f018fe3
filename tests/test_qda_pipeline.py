"""End to end, one test per tool: a student's export (tests/qda_exports.py) as a coalition's
interviews, with its mapping file and no edit to the export, through the DAG up to the
published interview tables; the segment texts must be the passages coded in the tool."""

import pandas as pd
import pytest
import yaml

import qda_exports as tools
from conftest import record_raw_change, snakemake

STUDENT = "data/raw/cases/student_interviews"


def add_export(workdir, tool: str, pad: bool = False) -> str:
    """The export and its mapping beside the shipped interviews, for every coalition case."""
    export = f"{STUDENT}/{tool}.qdpx"
    tools.write(tool, workdir / export)
    if pad:
        tools.padded(workdir / export)
    (workdir / f"{STUDENT}/{tool}_mapping.csv").write_text(tools.mapping(tool, "Sector Bridge"), encoding="utf-8")
    cases_file = workdir / "config/cases.yaml"
    document = yaml.safe_load(cases_file.read_text(encoding="utf-8"))
    for case in document["cases"]:
        if case["case_type"] == "coalition":
            case["files"]["interviews"] = [case["files"]["interviews"], export]
    document["interview_projects"] = {export: {"mapping": f"{STUDENT}/{tool}_mapping.csv"}}
    # The student's tool holds only the codes used: accepted, and listed in an output.
    document["coding_schemes"]["ctc_engagement"]["code_differences"] = "accept"
    cases_file.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    record_raw_change(workdir)
    return export


@pytest.mark.parametrize("tool", tools.TOOLS)
def test_export_drives_the_interview_tables(rebuilt, tool):
    export = add_export(rebuilt, tool)
    run = snakemake(rebuilt, "data/processed/interview_segments.csv")
    assert run.returncode == 0, run.stderr[-3000:]
    segments = pd.read_csv(rebuilt / "data/processed/interview_segments.csv", keep_default_na=False)
    student = segments[segments["leader"].str.startswith("Student leader")]
    found = {(r.leader.removeprefix("Student leader "), r.code_path): r.text for r in student.itertuples()}
    assert found == tools.EXPECTED
    assert set(student["coder"]) == {tools.CODERS[tool]}
    assert set(student["provenance"]) == {"synthetic"}
    assert len(segments) - len(student) == 58  # the shipped codings are untouched
    leaders = pd.read_csv(rebuilt / "data/processed/interview_leaders.csv")
    assert leaders.loc[leaders["leader"].str.startswith("Student"), "coalition"].tolist() == ["Sector Bridge"] * 2
    differences = pd.read_csv(rebuilt / "data/processed/interview_code_differences.csv")
    assert set(differences["project"]) == {export} and set(differences["found_in"]) == {"codebook only"}
    assert len(differences) == 31 - 8  # shipped codebook against the eight codes of the student's tool


def test_wrong_position_unit_stops_the_build_naming_the_file(rebuilt):
    """An NVivo export forced to code points (the old reader's mistake): refused, nothing published."""
    from conftest import digests

    export = add_export(rebuilt, "nvivo_mac", pad=True)
    cases_file = rebuilt / "config/cases.yaml"
    document = yaml.safe_load(cases_file.read_text(encoding="utf-8"))
    document["interview_projects"][export]["offset_unit"] = "codepoint"
    cases_file.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    before = digests(rebuilt)
    run = snakemake(rebuilt, "data/processed/interview_segments.csv")
    assert run.returncode != 0
    errors = run.stderr.strip().splitlines()[-1:]  # the build's output ends with the refusal
    assert errors == [f"ERROR: {export}!project.qde: record <Project Coalition interviews>, field startPosition: "
                      "positions read as codepoint (set in the configuration) put 5 of 10 segment boundaries inside "
                      "words, read as utf16 0 of 9 (set offset_unit: utf16 for this file if the tool counts that way): "
                      "the position unit is probably wrong"]
    assert digests(rebuilt) == before
