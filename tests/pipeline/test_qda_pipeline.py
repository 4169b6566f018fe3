"""End to end, one test per tool: a student's export (tests/qda_exports.py) as a coalition's
interviews, with its mapping file and no edit to the export, through the DAG up to the
published interview tables; the segment texts must be the passages coded in the tool."""

import pandas as pd
import pytest
import qda_exports as tools
import yaml
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
    assert errors == [
        f"ERROR: {export}!project.qde: record <Project Coalition interviews>, field startPosition: "
        "positions read as codepoint (set in the configuration) put 5 of 10 segment boundaries inside "
        "words, read as utf16 0 of 9 (set offset_unit: utf16 for this file if the tool counts that way): "
        "the position unit is probably wrong"
    ]
    assert digests(rebuilt) == before


def new_coalition(workdir, case_id: str = "harbor_network", pseudonym: str = "Harbor Network") -> None:
    """A student's own coalition: new-case, then an NVivo export coded by its own user (Ana Souza,
    not the shipped Coder A), its mapping citing the key new-case wrote, the manifest."""
    import subprocess

    from conftest import PYTHON

    subprocess.run(
        [PYTHON, "-m", "ctcstudy", "new-case", "--id", case_id, "--pseudonym", pseudonym, "--type", "coalition"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    folder = f"data/raw/cases/{case_id}"
    tools.write("nvivo_windows", workdir / folder / "interviews.qdpx")
    (workdir / folder / "interview_sources.csv").write_text(
        tools.mapping("nvivo_windows", pseudonym, citation="fieldwork_1, interviews", provenance="published"),
        encoding="utf-8",
    )  # real codings of the student's own fieldwork
    cases_file = workdir / "config/cases.yaml"
    document = yaml.safe_load(cases_file.read_text(encoding="utf-8"))
    next(c for c in document["cases"] if c["id"] == case_id)["files"]["interviews"] = f"{folder}/interviews.qdpx"
    document["interview_projects"] = {f"{folder}/interviews.qdpx": {"mapping": f"{folder}/interview_sources.csv"}}
    document["coding_schemes"]["ctc_engagement"]["code_differences"] = "accept"
    cases_file.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    record_raw_change(workdir)


def remove_case(workdir, case_id: str) -> None:
    cases_file = workdir / "config/cases.yaml"
    document = yaml.safe_load(cases_file.read_text(encoding="utf-8"))
    document["cases"] = [c for c in document["cases"] if c["id"] != case_id]
    document.pop("interview_projects", None)
    cases_file.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def mentions(workdir, *words: str) -> list[str]:
    """Files under results/ and data/processed/ (names or text) that mention any of the words."""
    found = []
    for folder in ("results", "data/processed"):
        for path in (workdir / folder).rglob("*"):
            if path.is_file() and path.suffix != ".png":
                from ctcstudy.guards.textlayers import layers

                text = path.relative_to(workdir).as_posix() + " ".join(
                    " ".join(layer.text for layer in layers(path)).split()
                )
                found += [path.relative_to(workdir).as_posix()] if any(w in text for w in words) else []
    return sorted(found)


def test_a_coalition_coded_by_its_own_user_counts_everywhere_and_leaves_nothing_when_removed(built, rebuilt):
    """Each interview counts through its own export's coder: the new coalition's four codings (Ana
    Souza) appear in every theme output, the shipped coalitions' (Coder A) stay as they were.
    Removed from the case list, the next plain build leaves nothing of it anywhere."""
    new_coalition(rebuilt)
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Interviews: Harbor Network: 4 coded segments counted (primary coder Ana Souza); none left out" in run.stdout
    # the unit decision reaches the console as the interviews are read, not only the log
    assert (
        "Interviews: data/raw/cases/harbor_network/interviews.qdpx: positions read as utf16 (origin 'NVivo for "
        "Windows 12.6')"
    ) in run.stderr
    matrix = pd.read_csv(rebuilt / "results/tables/interview_code_matrix.csv").set_index("code_path")
    shipped = pd.read_csv(built / "results/tables/interview_code_matrix.csv").set_index("code_path")
    assert matrix["Harbor Network: segments"].sum() == 4 and matrix["Harbor Network: leaders"].sum() == 4
    assert matrix.loc["Challenges/Corruption", "Harbor Network: segments"] == 1
    for column in shipped.columns:
        if column.startswith(("Covenant", "Community", "Sector")):
            assert matrix[column].tolist() == shipped[column].tolist(), column
    themes = pd.read_csv(rebuilt / "results/tables/interview_theme_comparison.csv").set_index("theme")
    assert (
        themes.loc["Hopes", "Harbor Network"] == "Funding" and themes.loc["Fears", "Harbor Network"] == "Independence"
    )
    before = pd.read_csv(built / "results/tables/interview_theme_comparison.csv").set_index("theme")
    assert themes[before.columns].equals(before)
    absences = pd.read_csv(rebuilt / "results/tables/interview_absences.csv").set_index("code_path")
    study = absences["foot_sworn_alejano_steele_2019"]  # the 2019 article's absences, on its own three cases
    assert study[study.str.startswith("absent")].to_dict() == {
        "Absences/Government or business role in founding": "absent in all 3 coalitions",
        "Absences/Coalition seen as temporary": "absent in all 3 coalitions",
        "Absences/Lobbying government": "absent in all 3 coalitions",
    }
    assert absences.loc["Hopes/Awareness", "harbor_network"] == "absent in all 1 coalitions"  # the new study's own
    claims = pd.read_csv(rebuilt / "results/verification/claims.csv", dtype=str, keep_default_na=False)
    before = pd.read_csv(built / "results/verification/claims.csv", dtype=str, keep_default_na=False)
    article = claims["publication"].eq("foot_sworn_alejano_steele_2019")
    assert claims[article].equals(before[before["publication"].eq("foot_sworn_alejano_steele_2019")])  # unchanged
    from ctcstudy.guards.textlayers import layers

    labels = " ".join(
        " ".join(layer.text for layer in layers(rebuilt / "results/figures/fig2_interview_codes.svg")).split()
    )
    assert "Harbor Network" in labels
    page = (rebuilt / "results/cases/harbor_network.md").read_text()
    assert "- Challenges/Corruption: 1 segment(s)" in page
    overview = pd.read_csv(rebuilt / "results/tables/interview_overview.csv", dtype=str).set_index("measure")
    assert overview.loc["leaders interviewed"].tolist() == ["7", "2"]  # each study on its own cases
    assert overview.loc["primary coders"].tolist() == ["Coder A", "Ana Souza"]

    # Labels come from the records: the new case's outputs rest on published records only, the
    # shipped coalitions keep theirs (derived questionnaire, synthetic interview placement).
    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.provenance import of_output
    from ctcstudy.registry import titles

    registry = load_yaml(rebuilt / "workflow/registry.yaml")["outputs"]
    for entry in registry:
        now, before = of_output(entry, rebuilt), of_output(entry, built)
        assert now.by_case.get("Harbor Network", "published") == "published", entry["id"]
        assert {c: k for c, k in now.by_case.items() if c != "Harbor Network"} == before.by_case, entry["id"]
    assert titles(rebuilt / "workflow/registry.yaml")["interview_code_matrix"].endswith(
        " [SYNTHETIC records: Community Nexus, Covenant Alliance, Sector Bridge]"
    )
    page = (rebuilt / "results/report.html").read_text(encoding="utf-8")
    assert '<span class="badge published" title="Harbor Network">Harbor Network: published</span>' in page
    assert "Harbor Network: derived" not in page and "Harbor Network: synthetic" not in page

    remove_case(rebuilt, "harbor_network")
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-3000:]
    found = mentions(rebuilt, "Harbor Network", "harbor_network")
    assert found == [], found
    assert sorted(p.name for p in (rebuilt / "results/cases").iterdir()) == sorted(
        p.name for p in (built / "results/cases").iterdir()
    )


def test_a_renamed_case_leaves_no_page_under_its_old_id(rebuilt):
    """A typo in a case id, then fixed: the next plain build keeps only the page of the new id."""
    cases_file = rebuilt / "config/cases.yaml"
    text = cases_file.read_text(encoding="utf-8")
    cases_file.write_text(text.replace("id: samaj\n", "id: smaj\n"), encoding="utf-8")
    assert snakemake(rebuilt).returncode == 0
    assert (rebuilt / "results/cases/smaj.md").is_file() and not (rebuilt / "results/cases/samaj.md").exists()
    cases_file.write_text(text, encoding="utf-8")
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-3000:]
    assert mentions(rebuilt, "smaj") == [] and (rebuilt / "results/cases/samaj.md").is_file()
