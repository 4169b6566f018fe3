import pandas as pd
import pyreadstat
import pytest
from conftest import RAW_QUESTIONNAIRE, ROOT

from ctcstudy.codebook.questionnaire import ITEMS, NGO_TYPES, NOT_REPORTED, codebook
from ctcstudy.errors import InputError
from ctcstudy.readers.questionnaire import read_responses


def test_one_record_per_coalition_with_provenance(responses, coalitions):
    assert responses["coalition"].tolist() == coalitions
    assert responses["respondent_id"].tolist() == ["R01", "R02", "R03"]
    assert set(responses["provenance"]) == {"derived"}
    assert responses["source"].str.startswith("foot_sworn_alejano_steele_2019, §Findings").all()


def test_sav_carries_variable_and_value_labels():
    _, meta = pyreadstat.read_sav(str(RAW_QUESTIONNAIRE), metadataonly=True, user_missing=True)
    assert meta.column_names == [i.name for i in ITEMS]
    assert meta.column_names_to_labels == {i.name: i.label for i in ITEMS}
    assert meta.variable_value_labels["ngo_child_welfare_member"] == {0.0: "no", 1.0: "yes", -9.0: "not reported"}
    assert meta.variable_value_labels["scope"][3.0] == "national"
    assert meta.missing_ranges["individual_members"] == [{"lo": -9.0, "hi": -9.0}]


def test_twelve_ngo_types_asked_two_not_reported(responses):
    assert len(NGO_TYPES) == 12
    unreported = [key for key, _, reported in NGO_TYPES if not reported]
    assert unreported == ["issue_unnamed_7", "issue_unnamed_8"]
    for key in unreported:
        for role in ("member", "partner"):
            assert responses[f"ngo_{key}_{role}"].tolist() == [NOT_REPORTED] * 3


def test_codebook_file_documents_every_item():
    shipped = pd.read_csv(ROOT / "data/raw/questionnaire/codebook.csv", dtype=str, keep_default_na=False)
    assert shipped.equals(codebook().astype(str))
    row = shipped.set_index("variable").loc["ngo_issue_unnamed_7_member"]
    assert row["reported"] == "no"
    assert row["missing"] == "-9"


def test_builder_reproduces_shipped_questionnaire(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("builder", ROOT / "workflow/scripts/build_raw_questionnaire.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    builder.build(tmp_path)
    pd.testing.assert_frame_equal(
        read_responses(tmp_path / "leader_questionnaire.sav"), read_responses(RAW_QUESTIONNAIRE)
    )


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"nope\.sav: file not found"):
        read_responses(tmp_path / "nope.sav")


def test_non_spss_file_is_refused(tmp_path):
    fake = tmp_path / "fake.sav"
    fake.write_text("respondent_id,coalition\nR01,X\n")
    with pytest.raises(InputError, match=r"fake\.sav: not a readable SPSS \.sav file"):
        read_responses(fake)


def test_truncated_sav_is_refused(tmp_path):
    cut = tmp_path / "cut.sav"
    cut.write_bytes(RAW_QUESTIONNAIRE.read_bytes()[:2000])
    with pytest.raises(InputError, match="not a readable SPSS .sav file"):
        read_responses(cut)
