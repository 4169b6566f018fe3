import numpy as np
import pandas as pd
import pytest
from conftest import CASES, ROOT

from ctcstudy.derive import reliability, themes
from ctcstudy.guards.attribution import scan, scan_text
from ctcstudy.ingest import interviews
from ctcstudy.readers.refiqda import read_codebook, read_qdpx

QDPX = ROOT / CASES["cases"][0]["files"]["interviews"]
QDC = ROOT / CASES["coding_schemes"]["ctc_engagement"]["codebook"]


@pytest.fixture(scope="module")
def shipped():
    project = read_qdpx(QDPX)
    roster = interviews.leaders(project, str(QDPX))
    segs = interviews.segments(project, roster, str(QDPX))
    roster = interviews.primary_coders(roster, segs, [project], interviews.exported_twice([segs])[1])
    codes = interviews.codebook_table(read_codebook(QDC))
    return project, roster, segs, codes


def test_seven_leaders_two_or_three_per_coalition(shipped, coalitions):
    _, roster, _, _ = shipped
    assert roster["leader"].tolist() == [f"L0{i}" for i in range(1, 8)]
    per_coalition = roster.groupby("coalition")["leader"].count()
    assert sorted(per_coalition.tolist()) == [2, 2, 3]
    assert set(roster["coalition"]) == set(coalitions)
    assert roster.loc[roster["leader"].eq("L07"), "provenance"].item() == "synthetic"


def test_every_segment_has_provenance_and_source(shipped):
    _, _, segs, _ = shipped
    assert set(segs["provenance"]) == {"derived", "synthetic"}
    assert segs["source"].str.startswith("foot_sworn_alejano_steele_2019, §").all()


def test_code_matrix_counts(shipped, coalitions):
    _, roster, segs, codes = shipped
    matrix = themes.code_matrix(segs, roster, codes, coalitions).set_index("code_path")
    assert len(matrix) == 26  # codable codes: 6 hopes, 3 fears, 7 challenges, 7 practices, 3 absences
    assert matrix["all: segments"].sum() == 37
    row = matrix.loc["Engagement practices/Trust building"]
    assert row[[f"{c}: segments" for c in coalitions]].tolist() == [2, 1, 1]
    assert row["all: leaders"] == 4
    assert matrix.loc["Challenges/Corruption", "Community Nexus: segments"] == 1


def test_absences_are_derived_from_zero_counts(shipped, coalitions):
    _, roster, segs, codes = shipped
    matrix = themes.code_matrix(segs, roster, codes, coalitions)
    absent = themes.absences(matrix, codes, coalitions)
    assert absent["code_path"].tolist() == [
        "Absences/Government or business role in founding",
        "Absences/Coalition seen as temporary",
        "Absences/Lobbying government",
    ]
    assert set(absent["all"]) == {"absent in all 3 coalitions"}
    # coding one absence makes it disappear from the table: nothing is typed in
    extra = segs.iloc[[0]].assign(code_path="Absences/Lobbying government")
    again = themes.code_matrix(pd.concat([segs, extra]), roster, codes, coalitions)
    assert "Absences/Lobbying government" not in themes.absences(again, codes, coalitions)["code_path"].tolist()


def test_theme_comparison(shipped, coalitions):
    _, roster, segs, codes = shipped
    table = themes.theme_comparison(themes.code_matrix(segs, roster, codes, coalitions), coalitions)
    assert table["theme"].tolist() == ["Hopes", "Fears", "Challenges", "Engagement practices", "Absences"]
    cells = table.set_index("theme")
    assert cells.loc["Challenges", "Covenant Alliance"] == "Political instability; Business wariness"
    assert cells.loc["Absences", "Sector Bridge"] == "none"


def test_each_interview_counts_through_its_own_primary_coder(shipped, tmp_path):
    """The shipped export: Coder A coded all seven interviews, Coder B four of them again."""
    _, roster, segs, _ = shipped
    assert set(roster["primary_coder"]) == {"Coder A"} and set(roster["exported_twice"]) == {0}
    from ctcstudy.report.page import interview_use

    segs.to_csv(tmp_path / "segments.csv", index=False)
    roster.to_csv(tmp_path / "leaders.csv", index=False)
    assert interview_use(tmp_path / "segments.csv", tmp_path / "leaders.csv") == [
        "Interviews: Covenant Alliance: 13 coded segments counted (primary coder Coder A); left out: 8 by second "
        "coder(s) Coder B, for reliability only",
        "Interviews: Community Nexus: 13 coded segments counted (primary coder Coder A); left out: 13 by second "
        "coder(s) Coder B, for reliability only",
        "Interviews: Sector Bridge: 11 coded segments counted (primary coder Coder A); none left out",
    ]


def test_reliability_table(shipped):
    project, _, segs, codes = shipped
    table = reliability.reliability(segs, interviews.units(project.texts), codes, samples=200, seed=1).set_index(
        "code_path"
    )
    assert set(table["units"]) == {26} and set(table["coders"]) == {2}
    assert set(table["double_coded_share"]) == {0.57}  # 4 of 7 interviews
    assert table.loc["Challenges/Political instability", "alpha"] == 1.0
    assert table.loc["Challenges/Political instability", "assessment"] == "reliable"
    assert table.loc["Engagement practices/Partnership", "assessment"] == "tentative"
    assert table.loc["Challenges/Corruption", "assessment"] == "below 0.667"
    assert table.loc["Hopes/Awareness", "assessment"].startswith("undefined")
    low, high = table.loc["Engagement practices/Partnership", ["ci_low", "ci_high"]]
    assert low <= table.loc["Engagement practices/Partnership", "alpha"] <= high


def test_units_split_on_blank_lines_with_crlf():
    units = interviews.units({"s": "Head\r\n\r\nFirst para.\r\n\r\nSecond."})
    assert units[["start", "end"]].values.tolist() == [[0, 4], [8, 19], [23, 30]]


def test_krippendorff_worked_example():
    """Krippendorff (2011): the package used for alpha reproduces the published values."""
    import krippendorff

    reference = pd.read_csv(ROOT / "data/raw/published/krippendorff_2011_worked_example.csv", dtype=str)
    rows = reference[reference["kind"].eq("reliability_data")]["values"]
    data = np.array([[np.nan if v == "." else float(v) for v in row.split()] for row in rows])
    assert data.shape == (4, 12)
    for _, expected in reference[reference["kind"].eq("alpha")].iterrows():
        value = krippendorff.alpha(reliability_data=data, level_of_measurement=expected["key"])
        assert round(value, 3) == float(expected["values"]), expected["key"]
    assert round(reliability.alpha(data), 3) == 0.743  # the nominal alpha our tables use
    # The vectorized form the bootstrap uses gives the same nominal alpha on the worked example.
    assert round(float(reliability.alpha_from_coincidences(reliability.coincidences(data).sum(axis=0))), 3) == 0.743


def test_bootstrap_is_the_per_resample_alpha(shipped):
    """All resamples in one matrix product give exactly what calling alpha per resample gives."""
    project, _, segs, _ = shipped
    double = segs.groupby("source_guid")["coder"].nunique().loc[lambda s: s >= 2].index
    units = interviews.units(project.texts)
    units = units[units["source_guid"].isin(double)].reset_index(drop=True)
    data = reliability.presence(
        segs[segs["source_guid"].isin(double)], units, "Engagement practices/Partnership"
    ).to_numpy()
    rng = np.random.default_rng(11)
    draws = [reliability.alpha(data[:, rng.integers(0, data.shape[1], data.shape[1])]) for _ in range(300)]
    expected = np.percentile([d for d in draws if not np.isnan(d)], [2.5, 97.5])
    assert np.allclose(reliability.bootstrap(data, 300, 11), expected, rtol=0, atol=1e-12)


def test_attribution_scanner_finds_a_planted_quote(tmp_path):
    quote = "Labour protections exist on paper but are seldom enforced."
    clean = tmp_path / "clean.csv"
    clean.write_text(f"code,text\nWeak labour law,{quote}\n")
    planted = tmp_path / "planted.md"
    planted.write_text(f"# Quotes\n\nintro\n| Community Nexus | {quote} |\n")
    assert scan([clean], [quote], ["Community Nexus"]) == []
    assert [f.message for f in scan([clean, planted], [quote], ["Community Nexus"])] == [
        f"{planted}:4: quote 'Labour protections exist on paper but ar...' next to coalition name 'Community Nexus'"
    ]
    assert scan_text("far " * 200 + quote, [quote], ["Community Nexus"]) == []


def test_quotes_tied_to_a_coalition_by_a_field_are_one_finding_naming_the_field(tmp_path):
    """97 rows citing a key that names the case: one line naming the field, the first quote and the count."""
    quotes = [f"Passage number {i} about the work with officials." for i in range(97)]
    table = tmp_path / "interview_segments.csv"
    table.write_text(
        "leader,text,source\n"
        + "".join(f'L{i},{q},"harbor_network_fieldwork, interview {i}"\n' for i, q in enumerate(quotes))
    )
    findings = scan([table], quotes, ["Covenant Alliance", "Harbor Network"])
    assert [f.message for f in findings] == [
        f"{table}:2: field source names coalition 'Harbor Network' in the row of quote 'Passage number 0 about the work "
        "with off...', and 96 more quote(s) (lines 2, 3, 4, 5, 6 ...); no output may tie a quote to a coalition: drop "
        'the name from that field (a citation key naming the case: README, "Adding a case")'
    ]


def test_a_study_is_counted_on_its_own_cases(shipped, coalitions):
    """A coalition of another study, coding an absence of the first: the first study's absences and
    overview stay as they were; the new study's numbers are its own."""
    _, roster, segs, codes = shipped
    extra_roster = pd.DataFrame(
        [
            {
                "leader": "N01",
                "coalition": "Harbor Network",
                "source_guid": "new-source",
                "provenance": "published",
                "source": "fieldwork_1, interview 1",
                "primary_coder": "Ana Souza",
                "exported_twice": 0,
            }
        ]
    )
    extra = segs.iloc[[0]].assign(
        source_guid="new-source", leader="N01", coder="Ana Souza", code_path="Absences/Lobbying government"
    )
    both, all_segs = pd.concat([roster, extra_roster]), pd.concat([segs, extra])
    everyone = [*coalitions, "Harbor Network"]
    studies = {**{c: "foot_sworn_alejano_steele_2019" for c in coalitions}, "Harbor Network": "harbor_network"}
    matrix = themes.code_matrix(all_segs, both, codes, everyone)
    absent = themes.absences(matrix, codes, everyone, studies).set_index("code_path")
    assert absent.loc["Absences/Lobbying government"].tolist()[1:] == [
        "absent in all 3 coalitions",
        "coded in 1 of 1 coalitions",
    ]
    overview = themes.overview(both, all_segs, studies).set_index("measure")
    assert overview.loc["leaders interviewed"].tolist() == ["7", "1"]
    assert overview.loc["leaders per coalition"].tolist() == ["2-3", "1-1"]
