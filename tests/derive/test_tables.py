import pandas as pd
import pytest
from conftest import CONFIG, ROOT, published_cells

from ctcstudy.derive import membership as tables
from ctcstudy.readers.profiles import TEMPLATE_FIELDS
from ctcstudy.tidy import read_tidy
from ctcstudy.verify import corrections


def test_table1_matches_every_published_cell(responses, coalitions, claims):
    table1 = tables.table1_ngo_types(responses, coalitions)
    assert list(table1.columns) == ["ngo_type", *coalitions]
    assert len(table1) == 10  # 12 types asked, 2 not reported
    regenerated = {(r["ngo_type"], c): r[c] for _, r in table1.iterrows() for c in coalitions}
    assert regenerated == published_cells(claims, "table1_ngo_types")


def test_table1_rows_in_published_order(responses, coalitions):
    table1 = tables.table1_ngo_types(responses, coalitions)
    assert table1["ngo_type"].iloc[0] == "Migrant worker assistance"
    assert table1["ngo_type"].iloc[-1] == "Coalition/Network"
    assert table1.loc[0, "Covenant Alliance"] == "M & P"
    assert table1.loc[1, "Sector Bridge"] == "P"
    assert table1.loc[1, "Community Nexus"] == ""


def test_table2_counts_computed_from_table1(responses, coalitions):
    built = tables.membership_tables(responses, coalitions)
    t2 = built["table2_member_types"].set_index("coalition")
    assert t2["ngo_types"].tolist() == [7, 2, 5]
    assert t2.loc["Sector Bridge", "business"] == "Small & Medium"
    assert t2.loc["Sector Bridge", "government"] == "Intergov/Natl/State"
    assert t2.loc["Covenant Alliance", "government"] == "None"


def test_table3_counts_expose_the_published_disagreement(responses, coalitions):
    t3 = tables.membership_tables(responses, coalitions)["table3_partner_types"].set_index("coalition")
    # The P cells of Table 1 count 1, 6, 7; the printed Table 3 says 1, 7, 6.
    assert t3["ngo_types"].tolist() == [1, 6, 7]
    assert t3.loc["Community Nexus", "government"] == "Intergov/Natl/State/Local"
    assert t3.loc["Covenant Alliance", "business"] == "Medium"
    assert t3.loc["Sector Bridge", "business"] == "None"


def test_a_fourth_coalition_widens_every_table(responses, coalitions):
    fourth = responses.iloc[[2]].assign(coalition="Fourth Coalition", respondent_id="R04")
    wider = pd.concat([responses, fourth], ignore_index=True)
    built = tables.membership_tables(wider, [*coalitions, "Fourth Coalition"])
    assert list(built["table1_ngo_types"].columns)[-1] == "Fourth Coalition"
    assert built["table3_partner_types"]["coalition"].tolist()[-1] == "Fourth Coalition"


def test_unknown_coalition_is_refused(responses):
    with pytest.raises(KeyError, match="no questionnaire record for coalition"):
        tables.table1_ngo_types(responses, ["Nowhere Coalition"])


def test_two_records_for_one_coalition_are_refused_not_picked(responses, coalitions):
    twice = pd.concat([responses, responses.iloc[[0]].assign(respondent_id="R04")], ignore_index=True)
    with pytest.raises(ValueError, match="several questionnaire records for coalition\\(s\\) Covenant Alliance"):
        tables.table1_ngo_types(twice, coalitions)


def test_correction_f3_reconciles_tables_1_and_3(responses, coalitions):
    table = corrections.load(ROOT / CONFIG["corrections"]["file"])
    corrected, applied = corrections.apply(responses, table, ["table1_column_shift"])
    assert applied["coalition"].tolist() == ["Sector Bridge", "Community Nexus"]
    t3 = tables.membership_tables(corrected, coalitions)["table3_partner_types"]
    assert t3["ngo_types"].tolist() == [1, 7, 6]
    assert responses.loc[2, "ngo_sex_workers_partner"] == 1  # the input frame is not modified


def test_correction_refused_when_data_no_longer_match(responses):
    table = corrections.load(ROOT / CONFIG["corrections"]["file"])
    once, _ = corrections.apply(responses, table, ["table1_column_shift"])
    with pytest.raises(
        ValueError, match="correction table1_column_shift: Sector Bridge ngo_sex_workers_partner is \\[0\\], expected 1"
    ):
        corrections.apply(once, table, ["table1_column_shift"])
    with pytest.raises(KeyError, match="unknown correction id"):
        corrections.apply(responses, table, ["F9"])


def test_coalition_structure(responses, coalitions):
    structure = tables.coalition_structure(responses, coalitions).set_index("coalition")
    assert structure["years_operating"].tolist() == ["3", ">10", "5"]
    assert structure["member_organizations"].tolist() == ["35", "47", "49"]
    assert structure["individual_members"].tolist() == ["not reported", "not reported", "5"]
    assert structure["leaders"].tolist() == ["2-3", "2-3", "2-3"]


def test_profile_word_table_has_one_row_per_template_field(coalitions):
    profiles = read_tidy(ROOT / "data/raw/documents/profile_template.csv")
    word = tables.profile_word_table(profiles, coalitions, TEMPLATE_FIELDS)
    assert word["attribute"].tolist() == list(TEMPLATE_FIELDS.values())
    cells = word.set_index("attribute")
    assert cells.loc["Member organizations"].tolist() == ["35", "47", "49"]
    assert cells.loc["Individual members", "Covenant Alliance"] == "not stated"
    assert cells.loc["Individual members", "Sector Bridge"] == "5"
    assert cells.loc["Paid staff", "Sector Bridge"] == "none"


def test_profile_word_table_keeps_whole_numbers_when_every_coded_value_is_one():
    """A case list whose coded profile values are all numbers (read as integers): a field nobody
    coded must not turn the numbers of the others into 14.0."""
    profiles = pd.DataFrame({"coalition": ["A", "B"], "attribute": ["age", "age"], "value": [14, 7]})
    word = tables.profile_word_table(profiles, ["A", "B"], TEMPLATE_FIELDS).set_index("attribute")
    assert word.loc[TEMPLATE_FIELDS["age"]].tolist() == [14, 7]
    assert word.loc[TEMPLATE_FIELDS["region"]].tolist() == ["not stated", "not stated"]
    assert word.to_csv(lineterminator="\n").splitlines()[list(TEMPLATE_FIELDS).index("age") + 1].endswith(",14,7")
