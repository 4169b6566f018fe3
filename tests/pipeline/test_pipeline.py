"""The whole DAG, run with Snakemake into a temporary copy of the project."""

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pyreadstat
import yaml
from conftest import (
    PYTHON,
    QUESTIONNAIRE,
    ROOT,
    digests,
    published_cells,
    record_raw_change,
    snakemake,
)

from ctcstudy.readers.questionnaire import read_responses


def table(workdir, name):
    return pd.read_csv(workdir / "results/tables" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_table1_cell_for_cell(built, claims, coalitions):
    t1 = table(built, "table1_ngo_types")
    assert list(t1.columns) == ["ngo_type", *coalitions]
    assert {(r["ngo_type"], c): r[c] for _, r in t1.iterrows() for c in coalitions} == published_cells(
        claims, "table1_ngo_types"
    )
    assert t1.iloc[0].tolist() == ["Migrant worker assistance", "M & P", "P", "M & P"]


def test_tables_2_and_3(built):
    t2, t3 = table(built, "table2_member_types"), table(built, "table3_partner_types")
    assert list(t2.columns) == list(t3.columns) == ["coalition", "ngo_types", "business", "government"]
    assert t2.values.tolist() == [
        ["Covenant Alliance", "7", "Small", "None"],
        ["Community Nexus", "2", "Small", "None"],
        ["Sector Bridge", "5", "Small & Medium", "Intergov/Natl/State"],
    ]
    assert t3.values.tolist() == [
        ["Covenant Alliance", "1", "Medium", "Natl"],
        ["Community Nexus", "6", "Small", "Intergov/Natl/State/Local"],
        ["Sector Bridge", "7", "None", "Intergov/Natl/State"],
    ]


def test_every_output_in_three_formats_and_the_figure(built):
    for name in ("table1_ngo_types", "table2_member_types", "table3_partner_types", "profile_word_table"):
        assert (built / "results/tables" / f"{name}.md").read_text().count("\n|") >= 3
        assert r"\toprule" in (built / "results/tables" / f"{name}.tex").read_text()
    png = (built / "results/figures/fig1_membership_matrix.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (built / "results/figures/fig1_membership_matrix.svg").read_text()
    assert "Migrant worker assistance" in svg and "Coalition/Network" in svg  # labels kept as text


def test_verification_reports_the_two_mismatches(built):
    claims = pd.read_csv(built / "results/verification/claims.csv", dtype=str, keep_default_na=False)
    assert list(claims.columns) == [
        "claim_id",
        "publication",
        "source",
        "citation",
        "cites",
        "output",
        "row",
        "column",
        "published",
        "regenerated",
        "status",
        "basis",
        "basis_why",
        "note",
    ]
    assert claims["status"].value_counts().to_dict() == {
        "match": 83,
        "synthetic": 23,
        "mismatch": 2,
        "not_reproducible": 13,
    }
    assert claims.groupby("status")["basis"].agg(lambda b: dict(b.value_counts())).to_dict() == {
        "match": {"derived": 79, "internal cross-check": 4},
        "mismatch": {"internal cross-check": 2},
        "synthetic": {"synthetic": 23},
        "not_reproducible": {"external check": 6, "unknown": 7},
    }
    selection = claims[claims["claim_id"].str.startswith("C.")]  # coded from the criteria: consistency only
    assert set(selection["basis"]) == {"derived"}
    mismatches = claims[claims["status"].eq("mismatch")].set_index("claim_id")
    assert mismatches.loc["T3.ngo_types.CN", "citation"] == "Foot, Sworn & Alejano-Steele (2019), §Findings, Table 3"
    cited = claims.set_index("claim_id").loc["X.heiss_kelley.restricted_countries"]
    assert cited["citation"] == (
        "Foot, Sworn & Alejano-Steele (2019), §Literature review and research questions, citing Heiss & Kelley (2017)"
    )  # where the sentence stands in the article
    assert "134 of the 547 responses" in cited["note"] and cited["status"] == "not_reproducible"
    assert mismatches[["published", "regenerated"]].to_dict("index") == {
        "T3.ngo_types.CN": {"published": "7", "regenerated": "6"},
        "T3.ngo_types.SB": {"published": "6", "regenerated": "7"},
    }
    assert mismatches["note"].str.contains("Sex workers = P").all()
    summary = (built / "results/verification/summary.md").read_text()
    assert "| mismatch | 2 |" in summary and "| match | 83 |" in summary


def test_validation_results_and_executed_notebooks_kept(built):
    result = json.loads((built / "results/validation/questionnaire.json").read_text())
    assert result["success"] is True
    assert result["statistics"]["unsuccessful_expectations"] == 0
    executed = json.loads((built / "results/notebooks/01_membership_tables.ipynb").read_text())
    tags = [c["metadata"].get("tags", []) for c in executed["cells"]]
    assert ["parameters"] in tags and ["injected-parameters"] in tags
    # written without run times, so that two builds (and a rebuilt deposit) give the same bytes
    text = (built / "results/notebooks/01_membership_tables.ipynb").read_text()
    assert "start_time" not in text and '"iopub.execute_input"' not in text
    assert [c["id"] for c in executed["cells"] if c["metadata"].get("tags") == ["injected-parameters"]] == [
        "injected-parameters"
    ]


def test_second_run_does_nothing(rebuilt):
    before = digests(rebuilt)
    run = snakemake(rebuilt)
    assert run.returncode == 0
    assert "Nothing to be done" in run.stdout + run.stderr
    assert digests(rebuilt) == before


def test_a_changed_setting_reruns_the_notebook_that_uses_it(rebuilt):
    """Settings travel in a file named by their hash in the rule's command, so changing one reruns
    that rule and what follows, and nothing else."""
    config = rebuilt / "config/config.yaml"
    config.write_text(config.read_text().replace("bootstrap_samples: 1000", "bootstrap_samples: 999"))
    run = snakemake(rebuilt, "--dry-run", "--quiet", "rules")
    assert run.returncode == 0, run.stderr[-3000:]
    counts = dict(re.findall(r"^(\w+)\s+(\d+)$", run.stdout + run.stderr, re.M))
    assert counts == {
        "all": "1",
        "coded_interviews": "1",
        "verify": "1",
        "report": "1",
        "replication_report": "1",
        "leak_scan": "1",
        "total": "6",
    }


def test_correction_switch_is_recorded(rebuilt):
    run = snakemake(
        rebuilt, "--config", "corrections={file: data/raw/published/corrections.csv, apply: [table1_column_shift]}"
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert table(rebuilt, "table3_partner_types")["ngo_types"].tolist() == ["1", "7", "6"]
    claims = pd.read_csv(rebuilt / "results/verification/claims.csv", dtype=str, keep_default_na=False)
    status = claims.set_index("claim_id")["status"]
    assert status["T3.ngo_types.CN"] == status["T3.ngo_types.SB"] == "match"
    assert status["T1.sex_workers.SB"] == status["T1.sex_workers.CN"] == "mismatch"
    assert (
        claims.set_index("claim_id")
        .loc["T1.sex_workers.SB", "note"]
        .endswith("correction table1_column_shift applied to this coalition's answers (config corrections.apply)")
    )
    assert "## Corrections applied" in (rebuilt / "results/verification/summary.md").read_text()


def test_notebook_runs_alone(rebuilt, tmp_path):
    """From notebooks/, with its default parameters, it rewrites the same tables and figure."""
    outputs = [
        p
        for p in sorted((rebuilt / "results").rglob("*"))
        if p.suffix in (".csv", ".md", ".tex", ".png") and "verification" not in p.parts and "validation" not in p.parts
    ]
    before = {p: p.stat().st_mtime_ns for p in outputs}
    pipeline_bytes = {p: p.read_bytes() for p in outputs}
    executed = tmp_path / "alone.ipynb"
    run = subprocess.run(
        [PYTHON, "-m", "papermill", "01_membership_tables.ipynb", str(executed), "-k", "python3"],
        cwd=rebuilt / "notebooks",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    rewritten = [p for p in outputs if p.stat().st_mtime_ns != before[p]]
    assert {p.name for p in rewritten} >= {
        "table1_ngo_types.csv",
        "table3_partner_types.tex",
        "fig1_membership_matrix.png",
    }
    assert all(p.read_bytes() == pipeline_bytes[p] for p in rewritten)


def test_interview_outputs(built):
    overview = table(built, "interview_overview").set_index("measure")["foot_sworn_alejano_steele_2019"]
    assert overview["leaders interviewed"] == "7"
    assert overview["leaders per coalition"] == "2-3"
    assert overview["share of interviews double-coded"] == "0.57"
    assert table(built, "interview_absences")["code_path"].tolist() == [
        "Absences/Government or business role in founding",
        "Absences/Coalition seen as temporary",
        "Absences/Lobbying government",
    ]
    reliability = table(built, "intercoder_reliability").set_index("code_path")
    assert len(reliability) == 26 and reliability.loc["Challenges/Weak labour law", "alpha"] == "1.0"
    assert (built / "results/figures/fig2_interview_codes.png").stat().st_size > 10_000
    claims = pd.read_csv(built / "results/verification/claims.csv", dtype=str, keep_default_na=False).set_index(
        "claim_id"
    )
    assert claims.loc["A.lobbying", "status"] == "synthetic"  # never presented as a verification
    assert claims.loc["N.leaders_interviewed", ["regenerated", "status"]].tolist() == ["7", "synthetic"]


def test_no_output_ties_a_quote_to_a_coalition(built, coalitions):
    from ctcstudy.guards.attribution import scan

    quotes = pd.read_csv(built / "data/processed/interview_segments.csv")["text"].dropna().tolist()
    assert len(quotes) == 58
    files = [p for d in ("results", "data/processed") for p in (built / d).rglob("*") if p.is_file()]
    entries = yaml.safe_load((ROOT / "workflow/registry.yaml").read_text())["outputs"]
    registered = {str(built / e["path"]) for e in entries if e["kind"] != "pages"}
    registered |= {str(p) for e in entries if e["kind"] == "pages" for p in (built / e["path"]).glob("*.md")}
    assert len(list((built / "results/cases").glob("*.md"))) == 4  # a page per case
    assert registered <= {str(p) for p in files}  # every registered output is among the scanned files
    assert scan(files, quotes, coalitions) == []


def use_config(workdir: Path, **panel_settings) -> None:
    """Edit the copy's config/config.yaml the way a user would."""
    path = workdir / "config/config.yaml"
    config = yaml.safe_load(path.read_text())
    config["panel"].update(panel_settings)
    path.write_text(yaml.safe_dump(config, sort_keys=False))


def test_panel_outputs_say_synthetic(built):
    trend = table(built, "panel_coalition_trend").set_index("year")
    assert trend.loc["2008", "coalition_building"] == "74.0" and trend.loc["2011", "coalition_building"] == "81.3"
    assert set(trend["provenance"]) == {"synthetic"}
    assert "[SYNTHETIC records]" in (built / "results/tables/panel_coalition_trend.md").read_text().splitlines()[0]
    assert "[SYNTHETIC records]" in (built / "results/figures/fig5_coalition_trend.svg").read_text()
    claims = pd.read_csv(built / "results/verification/claims.csv", dtype=str, keep_default_na=False).set_index(
        "claim_id"
    )
    assert set(claims.loc[claims.index.str.startswith("P.") & claims["regenerated"].ne(""), "status"]) == {"synthetic"}


def test_sav_panel_gives_the_same_tables(rebuilt):
    names = ("panel_coalition_trend", "panel_activity_prevalence", "panel_transitions", "panel_sector_activity")
    before = {name: table(rebuilt, name) for name in names}
    use_config(rebuilt, file="data/interim/panel/synthetic_panel.sav")
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-3000:]
    for name in names:
        assert table(rebuilt, name).equals(before[name]), name
    assert (
        "panel: 600 organization-years, 165 organizations from data/interim/panel/synthetic_panel.sav\n"
        in (rebuilt / "logs/validate.log").read_text()
    )


def real_panel(path: Path) -> None:
    """A small panel as a user might have it: no provenance columns, not calibrated."""
    rows = []
    for org in range(10):
        for year in (2008, 2009, 2010, 2011):
            rows.append(
                {
                    "organization_id": f"R{org:02d}",
                    "year": year,
                    "sector": 1 + org % 2,
                    "region": 1,
                    **{
                        a: int(org < 5)
                        for a in (
                            "research",
                            "policy_advocacy",
                            "awareness_raising",
                            "prevention",
                            "intervention",
                            "law_enforcement",
                            "restoration",
                            "equipping",
                        )
                    },
                    "coalition_building": int(org < (5 if year == 2008 else 8)),
                    "named_coalition": 0,
                }
            )
    frame = pd.DataFrame(rows)
    pyreadstat.write_dta(
        frame,
        str(path),
        variable_value_labels={"sector": {1: "unnamed sector 1", 2: "unnamed sector 2"}, "region": {1: "Africa"}},
    )


def test_a_real_panel_is_verified_against_tolerances(rebuilt):
    (rebuilt / "data/raw/panel").mkdir(parents=True, exist_ok=True)
    real_panel(rebuilt / "data/raw/panel/real_panel.dta")
    record_raw_change(rebuilt)
    use_config(rebuilt, file="data/raw/panel/real_panel.dta")
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-3000:]
    claims = pd.read_csv(rebuilt / "results/verification/claims.csv", dtype=str, keep_default_na=False).set_index(
        "claim_id"
    )
    assert claims.loc["P.coalition_building.2008", ["regenerated", "status"]].tolist() == ["50.0", "mismatch"]
    assert claims.loc["P.coalition_building.2011", ["regenerated", "status"]].tolist() == ["80.0", "match"]
    assert claims.loc["P.coalition_building.2011", "note"] == "within tolerance pp = 1.0"
    assert claims.loc["P.sectors", ["regenerated", "status"]].tolist() == ["2", "mismatch"]
    assert claims.loc["P.change.research", ["regenerated", "status"]].tolist() == ["little or none", "mismatch"]
    assert "SYNTHETIC" not in (rebuilt / "results/tables/panel_coalition_trend.md").read_text()
    assert set(table(rebuilt, "panel_balance")["provenance"]) == {"published"}


def interview_builder():
    import importlib.util

    spec = importlib.util.spec_from_file_location("builder", ROOT / "workflow/scripts/build_raw_interviews.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    return builder


def add_fifth_case(workdir: Path) -> dict:
    """A synthetic fifth coalition with its own files, entered the way a student would."""
    from ctcstudy.readers.refiqda import project_xml, stable_guid, write_qdpx

    folder = workdir / "data/raw/fifth"
    folder.mkdir(parents=True)
    record = (
        read_responses(workdir / QUESTIONNAIRE)
        .iloc[[2]]
        .assign(coalition="Fifth Coalition", respondent_id="R05", provenance="synthetic")
    )
    pyreadstat.write_sav(record, str(folder / "questionnaire.sav"))
    pd.DataFrame(
        [
            {
                "coalition": "Fifth Coalition",
                "attribute": "region",
                "value": "test region",
                "provenance": "synthetic",
                "source": "ctcstudy, test fixture",
            }
        ]
    ).to_csv(folder / "profiles.csv", index=False)
    pd.DataFrame(
        [
            {
                "case": "Fifth Coalition",
                "fact": f,
                "value": v,
                "provenance": "synthetic",
                "source": "ctcstudy, test fixture",
            }
            for f, v in (("multisector_by_design", "yes"), ("national_government_relationship", "strained"))
        ]
    ).to_csv(folder / "case_facts.csv", index=False)
    builder = interview_builder()
    tree, code = builder.codes_tree()
    coder = {"guid": stable_guid("user", "Coder A"), "name": "Coder A"}
    variables = [{"guid": stable_guid("variable", n), "name": n} for n in ("coalition", "provenance", "source")]
    texts, sources, leaders = {}, [], []
    for leader, path in (("F01", "Challenges/Corruption"), ("F02", "Engagement practices/Task forces")):
        text = f"Summary {leader}.\n\nA synthetic statement coded for the test.\n"
        start = text.index("A synthetic")
        guid = stable_guid("source", leader)
        texts[f"{guid}.txt"] = text
        sources.append(
            {
                "guid": guid,
                "name": f"Interview {leader}",
                "file": f"{guid}.txt",
                "selections": [
                    {
                        "guid": stable_guid("sel", leader),
                        "start": start,
                        "end": len(text) - 1,
                        "user": coder["guid"],
                        "description": "provenance: synthetic; source: ctcstudy, test fixture",
                        "codings": [{"guid": stable_guid("coding", leader), "code": code[path], "user": coder["guid"]}],
                    }
                ],
            }
        )
        leaders.append(
            {
                "guid": stable_guid("case", leader),
                "name": leader,
                "sources": [guid],
                "values": {
                    variables[0]["guid"]: "Fifth Coalition",
                    variables[1]["guid"]: "synthetic",
                    variables[2]["guid"]: "ctcstudy, test fixture",
                },
            }
        )
    write_qdpx(folder / "interviews.qdpx", project_xml("fifth", [coder], tree, variables, leaders, sources), texts)
    from ctcstudy.readers.documents import write_documents

    inventory = write_documents(
        workdir,
        "data/raw/fifth/documents",
        [
            {
                "document_id": "fifth_charter",
                "coalition": "Fifth Coalition",
                "document_type": "charter",
                "text": "Fifth Coalition: Charter (summary)\n\nRegion of operation: test region.\n",
            }
        ],
        "synthetic",
        "ctcstudy, test fixture",
    )
    entry = {
        "id": "fifth_coalition",
        "pseudonym": "Fifth Coalition",
        "study": "test_fixture",
        "case_type": "coalition",
        "coding_scheme": "ctc_engagement",
        "files": {
            "questionnaire": "data/raw/fifth/questionnaire.sav",
            "profiles": "data/raw/fifth/profiles.csv",
            "documents": inventory,
            "interviews": "data/raw/fifth/interviews.qdpx",
            "case_facts": "data/raw/fifth/case_facts.csv",
        },
    }
    edit_cases(workdir, lambda document: document["cases"].insert(3, entry))
    record_raw_change(workdir)
    return entry


def edit_cases(workdir: Path, change) -> None:
    path = workdir / "config/cases.yaml"
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def test_a_fifth_case_widens_every_table(rebuilt):
    add_fifth_case(rebuilt)
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-3000:]
    assert list(table(rebuilt, "table1_ngo_types").columns)[-1] == "Fifth Coalition"
    assert table(rebuilt, "table3_partner_types")["coalition"].tolist()[-1] == "Fifth Coalition"
    assert "Fifth Coalition" in table(rebuilt, "profile_word_table").columns
    assert "Fifth Coalition" in table(rebuilt, "interview_theme_comparison").columns
    matrix = table(rebuilt, "interview_code_matrix").set_index("code_path")
    assert matrix.loc["Challenges/Corruption", "Fifth Coalition: segments"] == "1"
    assert table(rebuilt, "case_selection")["case"].tolist() == [
        "Covenant Alliance",
        "Community Nexus",
        "Sector Bridge",
        "Fifth Coalition",
        "Samaj",
    ]
    assert "Fifth Coalition" in table(rebuilt, "qca_truth_table")["cases"].str.cat(sep=" ")
    assert table(rebuilt, "qca_solution")["note"].iloc[0].startswith("Illustrative only: 4 cases")


def test_numbers_for_manuscripts(built):
    """Each regenerated value quoted in the text: one file, one macro, its status beside it."""
    numbers = built / "results/numbers"
    claims = pd.read_csv(built / "results/verification/claims.csv", dtype=str, keep_default_na=False)
    quoted = claims[~claims["claim_id"].str.match(r"T[123]\.") & claims["regenerated"].ne("")]
    index = pd.read_csv(numbers / "numbers.csv", dtype=str, keep_default_na=False)
    assert index["claim_id"].tolist() == quoted["claim_id"].tolist() and len(index) == 60
    assert (numbers / "S.member_organizations.SB.txt").read_text() == "49"
    assert (numbers / "P.coalition_building.2011.txt").read_text() == "81.3"
    tex = (numbers / "numbers.tex").read_text()
    assert (
        "\\expandafter\\def\\csname ctcnum@P.coalition_building.2011\\endcsname{81.3\\ctcflag{synthetic}} % synthetic;"
        in tex
    )
    assert "\\csname ctcnum@S.years_operating.CN\\endcsname{\\textgreater{}10} % match;" in tex
    files = sorted(p.name for p in numbers.iterdir() if p.name != ".snakemake_timestamp")  # Snakemake's own marker
    kit = ["ctcstudy.sty", "ctcstudy.typ", "mail_merge.csv"]  # the manuscript kit (report.kit)
    assert files == sorted([*(index["claim_id"] + ".txt"), "numbers.csv", "numbers.tex", *kit])


def test_build_ends_with_a_summary(rebuilt):
    run = snakemake(rebuilt, "--forcerun", "report")
    assert run.returncode == 0, run.stderr[-3000:]
    assert (
        "Results: 25 tables, 6 figures; verification: cross-checks: 6 internal cross-checks (4 match, 2 mismatch), "
        "6 external checks (6 not_reproducible); then 79 derived, 23 synthetic, 7 unknown; report: "
        "results/report.html"
    ) in run.stdout + run.stderr  # the cross-checks lead, not the derived matches
    assert "steps (100%) done" in run.stdout + run.stderr
    # Samaj fails two selection criteria: reported in one warning line, not a refusal
    assert (
        "Warning: case selection: Samaj (member_organizations = 0 (at least 5), scope = state or province "
        "(national)) fail(s) a criterion: reported in case_selection, not enforced (config "
        "case_selection.enforce)"
    ) in run.stdout + run.stderr


def test_every_command_snakemake_echoes_is_short(rebuilt):
    """A failing rule's command is echoed before the refusal: under 300 characters, settings in files."""
    run = snakemake(rebuilt, "--dry-run", "--forceall", "--printshellcmds", "--quiet", "host")
    assert run.returncode == 0, run.stderr[-3000:]
    commands = [
        line.strip().removeprefix("Shell command: ")
        for line in (run.stdout + run.stderr).splitlines()
        if line.strip().removeprefix("Shell command: ").startswith(("python -m ctcstudy", "sha256sum"))
    ]
    assert len(commands) == 15  # every job of the build but `all`
    assert max(len(c) for c in commands) < 300, max(commands, key=len)


def test_enforced_selection_refuses_a_failing_coalition(rebuilt):
    config = rebuilt / "config/config.yaml"
    config.write_text(
        config.read_text()
        .replace("enforce: false", "enforce: true")
        .replace("min_member_organizations: 5", "min_member_organizations: 40")
    )
    run = snakemake(rebuilt)
    assert run.returncode != 0
    # the criteria computed as the case_selection table computes them; Samaj (no coalition) not refused
    assert [line for line in run.stderr.strip().splitlines() if line.startswith("ERROR: ")] == [
        "ERROR: data/raw/questionnaire/leader_questionnaire.sav: record case Covenant Alliance, field "
        "member_organizations: fails case-selection criterion 3 (at least 40): 35 (config case_selection.enforce)"
    ]


def test_recoded_documents_flow_into_the_profiles(rebuilt):
    """A user's new document text and template coding (as a QDA tool would export it) change the
    word table and its pointers; a number that now differs from the questionnaire is reported."""
    import importlib.util

    from ctcstudy.readers.refiqda import write_qdpx

    spec = importlib.util.spec_from_file_location(
        "build_raw_documents", ROOT / "workflow/scripts/build_raw_documents.py"
    )
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    template = pd.read_csv(rebuilt / "data/raw/documents/profile_template.csv", dtype=str, keep_default_na=False)
    template.loc[
        template["coalition"].eq("Sector Bridge") & template["attribute"].eq("member_organizations"), "value"
    ] = "52"
    builder.TEMPLATE = rebuilt / "build_input.csv"
    template.to_csv(builder.TEMPLATE, index=False)
    docs = builder.documents()
    text = docs["sector_bridge_membership_agreement"]["text"]
    (rebuilt / "data/raw/documents/texts/sector_bridge_membership_agreement.txt").write_text(text, encoding="utf-8")
    inventory = pd.read_csv(rebuilt / "data/raw/documents/inventory.csv", dtype=str, keep_default_na=False)
    inventory.loc[inventory["document_id"].eq("sector_bridge_membership_agreement"), "sha256"] = hashlib.sha256(
        text.encode("utf-8")
    ).hexdigest()
    inventory.to_csv(rebuilt / "data/raw/documents/inventory.csv", index=False, lineterminator="\n")
    write_qdpx(rebuilt / "data/raw/documents/profile_coding.qdpx", *builder.coding_project(docs))
    builder.TEMPLATE.unlink()
    record_raw_change(rebuilt)
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-3000:]
    words = table(rebuilt, "profile_word_table").set_index("attribute")
    sources = table(rebuilt, "profile_word_table_sources").set_index("attribute")
    assert words.loc["Member organizations", "Sector Bridge"] == "52"
    assert sources.loc["Member organizations", "Sector Bridge"] == "sector_bridge_membership_agreement:69-71"
    compared = pd.read_csv(rebuilt / "results/verification/documents_vs_questionnaire.csv")
    assert compared[compared["status"].eq("disagree")][
        ["coalition", "field", "documents", "questionnaire"]
    ].values.tolist() == [["Sector Bridge", "member_organizations", "52", 49]]
    assert (
        "- Sector Bridge, `member_organizations`: documents '52' (sector_bridge_membership_agreement:69-71), "
        "questionnaire 49 (R03)"
    ) in (rebuilt / "results/verification/summary.md").read_text()


def test_outputs_are_byte_identical_to_the_recorded_checksums(built):
    """A refactoring changes no output. A deliberate change records the new checksums with
    `make checksums` after `make build`, and the diff shows which outputs moved."""
    from ctcstudy.guards.manifest import output_checksums, read_checksums

    recorded = read_checksums(ROOT / "tests/expected/outputs.sha256")
    now = output_checksums(built)
    changed = sorted(p for p in recorded.keys() & now.keys() if recorded[p] != now[p])
    assert (changed, sorted(recorded.keys() - now.keys()), sorted(now.keys() - recorded.keys())) == ([], [], [])
