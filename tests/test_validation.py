"""The expectation suites: committed JSON in step with the codebook, and what they refuse."""

import json

import pytest

from conftest import CASES, CONFIG, PUBLISHED, RAW_QUESTIONNAIRE, ROOT
from ctcstudy import suites
from ctcstudy.caselist import suite_parameters
from ctcstudy.published import load_claims
from ctcstudy.tidy import read_tidy, titles
from ctcstudy.validation import Dataset, validate

PARAMETERS = suite_parameters(CONFIG, list(titles(ROOT / "workflow/registry.yaml")), CASES)


def suite(name):
    return json.loads((ROOT / "workflow/expectations" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(suites.SUITES))
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
    results, failures = validate([
        Dataset("questionnaire", tidy(responses, tmp_path), str(RAW_QUESTIONNAIRE), suite("questionnaire")),
        Dataset("published_values", tidy(load_claims(PUBLISHED), tmp_path), str(PUBLISHED), suite("published_values")),
    ], PARAMETERS)
    assert failures == []
    assert results["questionnaire"]["success"] is True
    assert "id" not in results["questionnaire"]  # volatile fields stripped


def test_unknown_code_names_record_and_field(responses, tmp_path):
    responses.loc[1, "ngo_child_welfare_partner"] = 7
    _, failures = run(responses, tmp_path)
    assert failures == ["raw/questionnaire: record respondent_id=R02, field ngo_child_welfare_partner: "
                        "column values to be in set failed; bad values [7] [dataset questionnaire]"]


def test_case_selection_criterion_failure_names_the_criterion(responses, tmp_path):
    responses.loc[0, "member_organizations"] = 4
    _, failures = run(responses, tmp_path)
    assert len(failures) == 1
    assert "record respondent_id=R01, field member_organizations" in failures[0]
    assert "case-selection criterion 3: at least N member organizations" in failures[0]


def test_wrong_dtype_is_refused(responses, tmp_path):
    responses["member_organizations"] = responses["member_organizations"].astype(object)
    responses.loc[1, "member_organizations"] = "many"
    _, failures = run(responses, tmp_path)
    assert any(f.startswith("raw/questionnaire: record -, field member_organizations: column values to be in type list failed")
               for f in failures), failures
