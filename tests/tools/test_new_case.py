"""A student's own case in three commands: the README's "Adding a case" commands, run literally
in a copy of the project, build; new-case refuses what is taken and never overwrites."""

import os
import re
import shutil
import subprocess

import pandas as pd
import pytest
from conftest import ROOT, copy_project

from ctcstudy.errors import InputError
from ctcstudy.tools.newcase import new_case


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Adding a case") :]
    section = section[: section.index("\n## ", 3)]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1).strip().splitlines()


def test_the_readme_commands_add_a_case_that_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    commands = readme_commands()
    assert commands[0].startswith("make new-case ") and commands[-1] == "make build"
    # The project's environment, already set up (STAMP empty: make does not set it up again).
    env = {**os.environ, "MAKEFLAGS": f"VENV={ROOT / '.venv'} STAMP="}
    for command in commands:
        run = subprocess.run(command, shell=True, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, (command, run.stdout[-2000:], run.stderr[-2000:])
    # the build's closing line (inside `make test`, make also prints the directories it enters)
    assert [line for line in run.stdout.splitlines() if line.startswith("Results: ")][-1].startswith(
        "Results: 25 tables, 6 figures"
    )
    table1 = pd.read_csv(project / "results/tables/table1_ngo_types.csv", keep_default_na=False)
    assert set(table1["Harbor Network"]) == {"not reported"}
    table2 = pd.read_csv(project / "results/tables/table2_member_types.csv", dtype=str).set_index("coalition")
    assert table2.loc["Harbor Network"].tolist() == ["not reported"] * 3
    selection = pd.read_csv(project / "results/tables/case_selection.csv").set_index("case")
    assert selection.loc["Harbor Network", ["years_operating", "selected"]].tolist() == ["not evaluable", "no"]
    facts = pd.read_csv(project / "results/tables/case_facts.csv").set_index("fact")
    assert set(facts["Harbor Network"]) == {"not reported"}
    themes = pd.read_csv(project / "results/tables/interview_theme_comparison.csv").set_index("theme")
    assert set(themes["Harbor Network"]) == {"not reported (no coded interviews)"}
    qca = pd.read_csv(project / "results/tables/qca_solution.csv")
    assert "Harbor Network (MULTI not decidable" in qca.loc[0, "note"]
    assert (project / "results/cases/harbor_network.md").read_text().startswith("# Harbor Network")
    bib = (project / "data/raw/published/references.bib").read_text()
    assert "@misc{fieldwork_1," in bib  # a key that does not name the case (segment rows cite it beside quotes)


@pytest.fixture()
def project(tmp_path):
    return copy_project(tmp_path / "project")


@pytest.mark.parametrize(
    "case_id, pseudonym, field", [("samaj", "Someone Else", "id"), ("someone_else", "Sector Bridge", "pseudonym")]
)
def test_a_taken_id_or_pseudonym_is_refused(project, case_id, pseudonym, field):
    before = (project / "config/cases.yaml").read_bytes()
    with pytest.raises(InputError) as error:
        new_case(case_id, pseudonym, "coalition", project)
    taken = case_id if field == "id" else pseudonym
    assert f"field {field}: {field} {taken!r} is already taken" in str(error.value)
    assert (project / "config/cases.yaml").read_bytes() == before


def test_an_existing_folder_is_never_overwritten(project):
    (project / "data/raw/cases/harbor_network").mkdir(parents=True)
    (project / "data/raw/cases/harbor_network/notes.txt").write_text("mine")
    with pytest.raises(InputError, match="folder exists; new-case never overwrites files"):
        new_case("harbor_network", "Harbor Network", "coalition", project)
    assert (project / "data/raw/cases/harbor_network/notes.txt").read_text() == "mine"


def test_a_single_organization_gets_its_starter_files(project):
    written, key = new_case("river_shelter", "River Shelter", "single_organization", project)
    assert key == "fieldwork_1"
    assert [w.rsplit("/", 1)[1] for w in written] == [
        "case_facts.csv",
        "collaborations.csv",
        "partner_conditions.csv",
        "tactic_coding.csv",
        "timeline.csv",
    ]
    entry = (project / "config/cases.yaml").read_text().split("- id: river_shelter")[1]
    assert "case_type: single_organization" in entry and "coding_scheme: insider_tactics" in entry


def test_a_case_filled_in_from_a_qualtrics_export(tmp_path):
    """What a student does: new-case, the questionnaire from a Qualtrics CSV (the coalition two
    years old, so it fails a criterion), the manifest, a build."""
    import survey_exports
    import yaml
    from conftest import PYTHON, snakemake

    project = copy_project(tmp_path / "project")
    run = subprocess.run(
        [
            PYTHON,
            "-m",
            "ctcstudy",
            "new-case",
            "--id",
            "harbor_network",
            "--pseudonym",
            "Harbor Network",
            "--type",
            "coalition",
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    folder = project / "data/raw/cases/harbor_network"
    export, column_map = survey_exports.write("qualtrics", folder)
    export.write_bytes(export.read_bytes().replace(b",6,two,", b",2,two,"))  # two years old
    cases_file = project / "config/cases.yaml"
    document = yaml.safe_load(cases_file.read_text())
    entry = next(c for c in document["cases"] if c["id"] == "harbor_network")
    entry["files"] |= {
        "questionnaire": export.relative_to(project).as_posix(),
        "questionnaire_columns": column_map.relative_to(project).as_posix(),
    }
    cases_file.write_text(yaml.safe_dump(document, sort_keys=False))
    (folder / "questionnaire.sav").unlink()
    subprocess.run([PYTHON, "-m", "ctcstudy", "manifest", "--write"], cwd=project, check=True, capture_output=True)
    run = snakemake(project)
    assert run.returncode == 0, run.stderr[-3000:]
    table1 = pd.read_csv(project / "results/tables/table1_ngo_types.csv", keep_default_na=False).set_index("ngo_type")
    assert table1.loc["Child welfare", "Harbor Network"] == "not reported"  # member yes, partner not asked
    structure = pd.read_csv(project / "results/tables/coalition_structure.csv", dtype=str).set_index("coalition")
    assert structure.loc["Harbor Network", ["region", "years_operating", "member_organizations", "scope"]].tolist() == [
        "Southeast Asia",
        "2",
        "12",
        "national",
    ]
    selection = pd.read_csv(project / "results/tables/case_selection.csv").set_index("case")
    assert selection.loc["Harbor Network", "failed_criteria"] == "years_operating = 2 (at least 3)"
    assert "Harbor Network (years_operating = 2 (at least 3))" in run.stdout + run.stderr  # the warning line
