import copy
import itertools
import re

import pandas as pd
import pytest
import yaml
from conftest import CASES, CONFIG, ROOT

from ctcstudy.configuration import caselist
from ctcstudy.derive import crosswalk, qca, selection, themes
from ctcstudy.derive import facts as case_facts
from ctcstudy.errors import InputError
from ctcstudy.ingest import interviews
from ctcstudy.tidy import read_tidy


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    from ctcstudy.readers.questionnaire import read_responses

    path = tmp_path_factory.mktemp("q") / "q.csv"
    read_responses(ROOT / CASES["cases"][0]["files"]["questionnaire"]).to_csv(path, index=False)
    return case_facts.all_facts(
        CASES,
        read_tidy(path),
        pd.concat(
            [read_tidy(ROOT / "data/raw/cases/coalition_facts.csv"), read_tidy(ROOT / "data/raw/samaj/case_facts.csv")]
        ),
    )


def test_shipped_case_list_passes_the_checks():
    caselist.check(CASES, "config/cases.yaml", ROOT)
    assert caselist.pseudonyms(CASES) == ["Covenant Alliance", "Community Nexus", "Sector Bridge", "Samaj"]
    assert caselist.files(CASES, "questionnaire") == ["data/raw/questionnaire/leader_questionnaire.sav"]


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda d: d["cases"].append(copy.deepcopy(d["cases"][0])),
            "config/cases.yaml: record case covenant_alliance, field id: case listed twice",
        ),
        (
            lambda d: d["cases"][3].update(coding_scheme="tactics_v2"),
            "config/cases.yaml: record case samaj, field coding_scheme: unknown coding scheme 'tactics_v2'",
        ),
        (
            lambda d: d["cases"][1]["files"].update(questionnaire="data/raw/nope.sav"),
            "config/cases.yaml: record case community_nexus, field files.questionnaire: file not found: data/raw/nope.sav",
        ),
        (
            lambda d: d["cases"][3]["files"].pop("tactics"),
            "config/cases.yaml: record case samaj, field files.tactics: a single_organization case needs a tactics file",
        ),
    ],
)
def test_bad_case_lists_are_refused(edit, message, tmp_path, monkeypatch):
    """Each refusal names the line of the value to change in the case list as written."""
    document = copy.deepcopy(CASES)
    edit(document)
    (tmp_path / "config").mkdir()
    written = yaml.safe_dump(document, sort_keys=False)
    (tmp_path / "config/cases.yaml").write_text(written, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as error:
        caselist.check(document, "config/cases.yaml", ROOT)
    where, rest = message.split(": ", 1)
    assert str(error.value).startswith(f"{where}:{error.value.line}: {rest}")
    record, field = re.match(r"record case (\w+), field ([\w.]+)", rest).groups()
    line = written.splitlines()[error.value.line - 1]
    key = field.split(".")[-1]  # the line of that key, or of files: where a required file is missing
    assert line.strip().removeprefix("- ").startswith(f"{key}:") or line.strip() == "files:", line


def test_facts_come_from_one_place_each(facts):
    from ctcstudy.readers.questionnaire import read_responses

    wide = case_facts.facts_table(facts, CASES).set_index("fact")
    assert wide.loc["years_operating"].tolist() == ["3", ">10", "5", ">=15"]
    assert wide.loc["funding_source_types"].tolist() == ["2", ">=5", ">=4", "not reported"]
    assert wide.loc["member_organizations", "Samaj"] == "0"
    doubled = pd.DataFrame(
        [{"case": "Sector Bridge", "fact": "paid_staff", "value": "yes", "provenance": "derived", "source": "x"}]
    )
    responses = read_responses(ROOT / CASES["cases"][0]["files"]["questionnaire"])
    with pytest.raises(InputError, match="record case Sector Bridge, field paid_staff: fact recorded in both"):
        case_facts.all_facts(CASES, responses, doubled)


def test_case_selection_names_what_samaj_fails(facts):
    table = selection.case_selection(facts, CASES, CONFIG["case_selection"]).set_index("case")
    assert table["selected"].tolist() == ["yes", "yes", "yes", "no"]
    assert table.loc["Samaj", "failed_criteria"] == (
        "member_organizations = 0 (at least 5), scope = state or province (national)"
    )
    assert table.loc["Samaj", "leaders"] == "not evaluable"
    assert table.loc["Samaj", "case_type"] == "single_organization"


def test_the_gate_and_the_table_compute_the_criteria_alike(facts):
    """What the gate refuses under case_selection.enforce is what the table reports as failed."""
    assert selection.failures(facts, CASES, CONFIG["case_selection"]) == [
        ("Samaj", 3, "member_organizations", "at least 5", "0"),
        ("Samaj", 4, "scope", "national", "state or province"),
    ]
    assert selection.failures(facts, CASES, CONFIG["case_selection"], case_type="coalition") == []
    stricter = {**CONFIG["case_selection"], "min_member_organizations": 40}
    assert selection.failures(facts, CASES, stricter, case_type="coalition") == [
        ("Covenant Alliance", 3, "member_organizations", "at least 40", "35")
    ]


@pytest.mark.parametrize(
    "value, threshold, expected",
    [
        ("5", 3, "met"),
        (">10", 3, "met"),
        (">=2", 2, "met"),
        ("2", 3, "not met"),
        (">=2", 3, "not evaluable"),  # a lower bound below the threshold decides nothing
        ("not reported", 3, "not evaluable"),
    ],
)
def test_at_least(value, threshold, expected):
    assert selection.at_least(value, threshold) == expected


def test_crosswalk_cells_say_what_they_cannot_fill(facts):
    from ctcstudy.readers.refiqda import read_codebook, read_qdpx

    qdpx = ROOT / CASES["cases"][0]["files"]["interviews"]
    project = read_qdpx(qdpx)
    roster = interviews.leaders(project, str(qdpx))
    segs = interviews.segments(project, roster, str(qdpx))
    roster = interviews.primary_coders(roster, segs, [project], interviews.exported_twice([segs])[1])
    codes = interviews.codebook_table(read_codebook(ROOT / CASES["coding_schemes"]["ctc_engagement"]["codebook"]))
    matrix = themes.code_matrix(segs, roster, codes, caselist.pseudonyms(CASES, "coalition"))
    labels = dict(pd.read_csv(ROOT / "data/raw/samaj/tactics_codebook.csv")[["tactic", "label"]].values)
    table = crosswalk.crosswalk_cells(
        CASES,
        pd.read_csv(ROOT / "data/raw/crosswalk/insider_tactics__ctc_engagement.csv"),
        pd.read_csv(ROOT / "data/raw/samaj/tactic_coding.csv"),
        matrix,
        labels,
    ).set_index("dimension")
    assert (
        table.loc["Leveraging moral authority", "Sector Bridge"]
        == "no counterpart in the coalition scheme (not comparable)"
    )
    assert table.loc["Engagement practices/Partnership", "Samaj"] == "no crosswalk entry (not comparable)"
    assert (
        table.loc["Engagement practices/Trust building", "Samaj"]
        == "via Building reciprocal relationships (primary, secondary, close)"
    )
    assert (
        table.loc["Leveraging institutional power", "Samaj"]
        == "police: secondary; community_based_organizations: primary"
    )


SETTINGS = {
    "outcome": {"name": "Y", "fact": "y", "equals": "1"},
    "conditions": [{"name": n, "fact": n.lower(), "equals": "1"} for n in "ABC"],
    "consistency_cutoff": 1.0,
}


def constructed():
    """All eight configurations of A, B, C with outcome A*B + ~C."""
    return pd.DataFrame(
        [
            {"case": f"{a}{b}{c}", "A": a, "B": b, "C": c, "Y": int((a and b) or not c)}
            for a, b, c in itertools.product([0, 1], repeat=3)
        ]
    )


def test_qca_recovers_a_known_solution():
    truth, terms, solution = qca.qca(constructed(), SETTINGS)
    assert solution == {"formula": "(~C) + (A * B)", "consistency": 1.0, "coverage": 1.0}
    assert len(truth) == 8 and truth["n_cases"].sum() == 8
    per_term = terms.set_index("term")
    # by hand: 5 positive cases; ~C covers 000 010 100 110, A*B covers 110 111
    assert per_term.loc["(~C)", ["cases", "consistency", "raw_coverage", "unique_coverage"]].tolist() == [
        4,
        1.0,
        0.8,
        0.6,
    ]
    assert per_term.loc["(A * B)", ["cases", "raw_coverage", "unique_coverage"]].tolist() == [2, 0.4, 0.2]


def test_qca_with_a_contradictory_case():
    data = pd.concat(
        [constructed(), pd.DataFrame([{"case": "001b", "A": 0, "B": 0, "C": 1, "Y": 1}])], ignore_index=True
    )
    truth, terms, solution = qca.qca(data, SETTINGS | {"consistency_cutoff": 0.5})
    row = truth[(truth["A"] == 0) & (truth["B"] == 0) & (truth["C"] == 1)].iloc[0]
    assert row["n_cases"] == 2 and row["consistency"] == 0.5
    # by hand: the solution covers 7 cases, 6 of them positive; all 6 positive cases covered
    assert solution == {"formula": "(~C) + (~A * ~B) + (A * B)", "consistency": round(6 / 7, 3), "coverage": 1.0}
    assert terms.set_index("term").loc["(~A * ~B)", ["cases", "consistency"]].tolist() == [3, round(2 / 3, 3)]


def test_qca_leaves_out_cases_with_undecidable_conditions(facts):
    data, left_out = qca.qca_data(facts, CASES, CONFIG["qca"])
    assert data["case"].tolist() == ["Covenant Alliance", "Community Nexus", "Sector Bridge"]
    assert data.set_index("case").loc["Sector Bridge"].to_dict() == {
        "MULTI": 1,
        "OLD": 1,
        "PAID": 0,
        "FUND": 1,
        "POSGOV": 1,
    }
    assert left_out.to_dict("records") == [{"case": "Samaj", "why": "FUND not decidable, POSGOV not decidable"}]
    report = qca.qca_report(*qca.qca(data, CONFIG["qca"])[1:], left_out, len(data))
    assert report["note"].iloc[0].startswith("Illustrative only: 3 cases. Left out: Samaj")


def test_interview_project_settings_must_name_an_interview_file(tmp_path):
    from ctcstudy.configuration import caselist

    document = yaml.safe_load((ROOT / "config/cases.yaml").read_text(encoding="utf-8"))
    document["interview_projects"] = {"data/raw/interviews/other.qdpx": {"offset_unit": "utf16"}}
    with pytest.raises(InputError) as error:
        caselist.check(document, "config/cases.yaml", ROOT)
    assert str(error.value) == (
        "config/cases.yaml: record interview_projects.data/raw/interviews/other.qdpx: "
        "data/raw/interviews/other.qdpx is not the interviews file of any case"
    )


def test_a_coalition_with_another_coding_scheme_is_refused_with_the_fix(tmp_path, monkeypatch):
    document = copy.deepcopy(CASES)
    document["coding_schemes"]["own_scheme"] = {"description": "a student's codebook", "codebook": "project"}
    document["cases"][2]["coding_scheme"] = "own_scheme"
    (tmp_path / "config").mkdir()
    (tmp_path / "config/cases.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as error:
        caselist.check(document, "config/cases.yaml", ROOT)
    line = (tmp_path / "config/cases.yaml").read_text().splitlines()[error.value.line - 1]
    assert line.strip() == "coding_scheme: own_scheme"
    assert str(error.value) == (
        f"config/cases.yaml:{error.value.line}: record case sector_bridge, field coding_scheme: coalition cases use "
        "different coding schemes ['ctc_engagement', 'own_scheme']: the theme tables compare coalitions within one "
        "codebook. Give case sector_bridge coding_scheme: ctc_engagement; the codes its export has and the codebook "
        "lacks are then accepted and listed with code_differences: accept on the scheme (or codebook: project takes "
        'every export\'s own codes). README, "Adding a case"'
    )


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_delimited_case_files_are_read(tmp_path, separator):
    from ctcstudy.readers.delimited import read_raw_csv

    path = tmp_path / "case_facts.csv"
    path.write_text(
        separator.join(["case", "fact", "value", "provenance", "source"])
        + "\n"
        + separator.join(["Harbor Network", "paid_staff", "yes", "published", "fieldwork_1, p. 2"])
        + "\n"
    )
    table = read_raw_csv(path)
    assert table.columns.tolist() == ["case", "fact", "value", "provenance", "source"]
    assert table.loc[0, "source"] == "fieldwork_1, p. 2"
