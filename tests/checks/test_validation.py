"""The expectation suites: committed JSON in step with the codebook, and what they refuse."""

import dataclasses
import json

import pytest
from conftest import CASES, CONFIG, PUBLISHED, RAW_QUESTIONNAIRE, ROOT

from ctcstudy.checks import suites
from ctcstudy.checks.validation import Dataset, validate
from ctcstudy.configuration.caselist import load_yaml, suite_parameters
from ctcstudy.configuration.datasets import tables
from ctcstudy.report.references import load, pattern
from ctcstudy.tidy import read_tidy
from ctcstudy.verify.published import load_claims

OUTPUT_IDS = [e["id"] for e in load_yaml(ROOT / "workflow/registry.yaml")["outputs"]]
PARAMETERS = suite_parameters(CONFIG, OUTPUT_IDS, CASES)
REFERENCES = load(ROOT / CONFIG["study"]["references"])
PARAMETERS |= {
    "citation_pattern": pattern(REFERENCES),
    "citation_keys": sorted(REFERENCES),
}  # as the validate command adds


def suite(name):
    return json.loads((ROOT / "workflow/expectations" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", tables())
def test_committed_suites_match_the_codebook(name):
    assert (ROOT / "workflow/expectations" / f"{name}.json").read_text(encoding="utf-8") == suites.render(name)


def tidy(frame, tmp_path):
    """The table as the validate rule sees it: written by ingest as CSV, read back."""
    path = tmp_path / "tidy.csv"
    frame.to_csv(path, index=False)
    return read_tidy(path)


def run(table, tmp_path, name="questionnaire"):
    return validate([Dataset(name, tidy(table, tmp_path), f"raw/{name}", suite(name))], PARAMETERS)


def test_shipped_data_pass(responses, tmp_path):
    results, failures = validate(
        [
            Dataset("questionnaire", tidy(responses, tmp_path), str(RAW_QUESTIONNAIRE), suite("questionnaire")),
            Dataset(
                "published_values", tidy(load_claims(PUBLISHED), tmp_path), str(PUBLISHED), suite("published_values")
            ),
        ],
        PARAMETERS,
    )
    assert failures == []
    assert results["questionnaire"]["success"] is True
    assert "id" not in results["questionnaire"]  # volatile fields stripped


def test_tables_are_not_hashed_for_a_fingerprint_the_results_drop(responses, tmp_path, monkeypatch):
    """great-expectations would hash every value of every batch (0.4 s a million rows, per suite part)
    for a marker `stable` drops from the results."""
    from great_expectations.execution_engine import pandas_execution_engine

    def hashed(frame):
        raise AssertionError("a batch was hashed")

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", hashed)
    results, failures = run(responses, tmp_path)
    assert failures == [] and results["questionnaire"]["success"] is True
    assert "batch_markers" not in results["questionnaire"]["meta"]


def test_unknown_code_names_record_and_field(responses, tmp_path):
    responses.loc[1, "ngo_child_welfare_partner"] = 7
    _, failures = run(responses, tmp_path)
    assert failures == [
        "raw/questionnaire: record respondent_id=R02, field ngo_child_welfare_partner: "
        "column values to be in set failed; bad values [7] [dataset questionnaire]"
    ]


def test_an_enforced_criterion_is_refused_by_the_gate_naming_case_file_and_value(responses):
    """case_selection.enforce: a coalition below a threshold is refused once, from its questionnaire;
    the suites themselves hold no criterion (the gate computes them as the table does)."""
    from ctcstudy.checks.gate import refuse_unselected
    from ctcstudy.errors import ValidationFailed

    assert not any("criterion" in e.get("meta", {}) for e in suite("questionnaire")["expectations"])
    responses.loc[0, "member_organizations"] = 4
    facts = read_tidy(ROOT / "data/raw/cases/coalition_facts.csv")
    with pytest.raises(ValidationFailed) as refused:
        refuse_unselected(
            {"questionnaire": responses, "case_facts": facts}, CONFIG["case_selection"], str(ROOT / "config/cases.yaml")
        )
    assert str(refused.value) == (
        "data/raw/questionnaire/leader_questionnaire.sav: record case Covenant Alliance, field member_organizations: "
        "fails case-selection criterion 3 (at least 5): 4 (config case_selection.enforce)"
    )


def test_wrong_dtype_is_refused(responses, tmp_path):
    responses["member_organizations"] = responses["member_organizations"].astype(object)
    responses.loc[1, "member_organizations"] = "many"
    _, failures = run(responses, tmp_path)
    assert any(
        f.startswith("raw/questionnaire: field member_organizations: column values to be in type list failed")
        for f in failures
    ), failures


def test_forked_ingest_refusal_reaches_the_parent(tmp_path):
    """The validate command reads raw files in a forked child: its refusal is raised, unchanged, here."""
    from ctcstudy.configuration.settings import Ingest
    from ctcstudy.errors import InputError
    from ctcstudy.ingest.run import in_child

    missing = tmp_path / "gone.csv"
    wait = in_child(
        Ingest(
            tables={"crosswalk": [str(missing)]},
            interviews=[],
            interview_codebook="project",
            panel="none.sav",
            out_dir=str(tmp_path),
        )
    )
    with pytest.raises(InputError) as refused:
        wait()
    assert str(refused.value) == f"{missing}: file not found"


def test_forked_ingest_crash_is_reported_not_swallowed(tmp_path):
    from ctcstudy.configuration.settings import Ingest
    from ctcstudy.ingest.run import in_child

    spec = Ingest(tables={}, interviews=[], interview_codebook="project", panel="none.sav", out_dir=str(tmp_path))
    wait = in_child(dataclasses.replace(spec, interviews=None))  # not a list: a bug, not bad input
    with pytest.raises(RuntimeError, match=r"(?s)ingest failed:\nTraceback.*TypeError"):
        wait()


def test_suites_split_across_processes_give_the_same_results(tmp_path):
    """Two forked workers (the build's setting) and one process: identical results, in the same order."""
    names = ["published_values", "crosswalk", "tactic_codes"]
    raw = {
        "published_values": PUBLISHED,
        "crosswalk": ROOT / "data/raw/crosswalk/insider_tactics__ctc_engagement.csv",
        "tactic_codes": ROOT / "data/raw/samaj/tactics_codebook.csv",
    }
    from ctcstudy.ingest.tables import ingest_tables

    ingest_tables({n: [str(raw[n])] for n in names}, tmp_path)
    datasets = [Dataset(n, read_tidy(tmp_path / f"{n}.csv"), str(raw[n]), suite(n)) for n in names]
    parameters = dict(PARAMETERS, tactic_codes=["not a tactic"], interview_codes=[])  # failures too: compared as well
    one, _ = validate(datasets, parameters, jobs=1)
    two, _ = validate(datasets, parameters, jobs=2)
    assert list(two) == names and json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)


def test_a_long_tables_suite_checked_in_parts_gives_the_one_run_result(tmp_path, monkeypatch):
    """A table over the split size has its suite checked on every core; its result (failures and
    statistics included) is the one a single run gives, also when two parts share a worker."""
    from ctcstudy.checks import validation
    from ctcstudy.ingest.tables import ingest_tables

    ingest_tables({"published_values": [str(PUBLISHED)]}, tmp_path)
    table = read_tidy(tmp_path / "published_values.csv")
    table.loc[0, "source"] = "nobody_2020, p. 3"  # one failing expectation among the parts
    datasets = [Dataset("published_values", table, str(PUBLISHED), suite("published_values"))]
    one, failures_one = validate(datasets, PARAMETERS, jobs=1)
    monkeypatch.setattr(validation, "SPLIT_ROWS", 10)
    assert len(validation.parts(datasets[0], 3)) == 3
    for jobs in (2, 3):
        split, failures = validate(datasets, PARAMETERS, jobs=jobs)
        assert json.dumps(split, sort_keys=True) == json.dumps(one, sort_keys=True)
        assert failures == failures_one and len(failures) == 1
    assert one["published_values"]["statistics"]["unsuccessful_expectations"] == 1


def test_parts_of_one_suite_in_one_worker_are_checked_as_one_dataset(monkeypatch):
    """A worker gets each dataset once under its name (great-expectations refuses a second asset
    of that name): two parts landing together are joined again, every expectation kept."""
    import pandas as pd

    from ctcstudy.checks import validation

    monkeypatch.setattr(validation, "SPLIT_ROWS", 2)
    short = Dataset("short", pd.DataFrame({"x": [1]}), "s.csv", {"expectations": [{"n": i} for i in range(30)]})
    long = Dataset("long", pd.DataFrame({"x": range(3)}), "l.csv", {"expectations": [{"n": i} for i in range(4)]})
    batches = validation.balanced_batches([short, *validation.parts(long, 2)], 2)
    assert [[(d.name, len(d.suite["expectations"])) for d in b] for b in batches] == [[("short", 30)], [("long", 4)]]


def test_source_pointer_citing_an_unknown_key_is_refused(tmp_path):
    claims = load_claims(PUBLISHED)
    claims.loc[0, "source"] = "nobody_2020, p. 3"
    claims.loc[1, "source"] = "reading_copy.txt §Findings, Table 1"  # a file name, not a citation
    _, failures = run(claims, tmp_path, "published_values")
    assert failures == [
        f"raw/published_values: record claim_id={claims.loc[0, 'claim_id']}; "
        f"claim_id={claims.loc[1, 'claim_id']}, field source: column values to match regex failed; "
        "bad values ['nobody_2020, p. 3', 'reading_copy.txt §Findings, Table 1'] "
        "[dataset published_values]"
    ]


def test_a_coalition_the_case_list_does_not_name_points_to_the_case_list(responses, tmp_path):
    """A typo in config/cases.yaml makes every correct record 'wrong': the refusal names the list."""
    responses.loc[0, "coalition"] = "Covenant Aliance"
    _, failures = run(responses, tmp_path)
    assert failures == [
        "raw/questionnaire: record respondent_id=R01, field coalition: column values to be in set "
        "failed; bad values ['Covenant Aliance']; the case list config/cases.yaml names: Covenant "
        "Alliance, Community Nexus, Sector Bridge (a typo there, or here?) [dataset questionnaire]"
    ]
