import numpy as np
import pandas as pd
import pytest
from conftest import CONFIG

from ctcstudy.codebook import panel as codebook_panel
from ctcstudy.derive import panel as derive_panel
from ctcstudy.errors import InputError
from ctcstudy.readers import panel as readers_panel
from ctcstudy.tools import synthetic_panel
from ctcstudy.verify.claims import agrees

SETTINGS = CONFIG["panel"]["generator"] | {"waves": CONFIG["panel"]["waves"]}
SECTORS, REGIONS = CONFIG["panel"]["sectors"], CONFIG["panel"]["regions"]


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_panel.generate(SETTINGS, SECTORS, REGIONS)


def test_calibrated_exactly_to_the_targets_in_every_wave(synthetic):
    shares = synthetic.groupby("year")[codebook_panel.INDICATORS].mean()
    for name in codebook_panel.INDICATORS:
        expected = np.round(synthetic_panel.wave_shares(SETTINGS["targets"][name], 4) * 150) / 150
        assert np.allclose(shares[name].to_numpy(), expected), name
    assert shares.loc[2008, "coalition_building"] == pytest.approx(111 / 150)  # 74.0%
    assert shares.loc[2011, "coalition_building"] == pytest.approx(122 / 150)  # 81.3%


def test_organizations_enter_and_leave(synthetic):
    assert synthetic.groupby("year").size().tolist() == [150, 150, 150, 150]
    spans = synthetic.groupby("organization_id")["year"].agg(["min", "max", "size"])
    assert len(spans) == 165
    assert spans["size"].eq(4).sum() == 135
    assert spans["min"].gt(2008).sum() == 15 and spans["max"].lt(2011).sum() == 15
    # each organization's waves are contiguous
    assert ((spans["max"] - spans["min"] + 1) == spans["size"]).all()


def test_named_coalition_only_among_coalition_builders(synthetic):
    assert not ((synthetic["named_coalition"] == 1) & (synthetic["coalition_building"] == 0)).any()


def test_every_row_synthetic_with_a_source(synthetic):
    assert set(synthetic["provenance"]) == {"synthetic"}
    assert synthetic["source"].str.startswith("foot_2016, ch. 1, §Approach").all()


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_regeneration_is_byte_identical(tmp_path, suffix):
    first = synthetic_panel.write(
        synthetic_panel.generate(SETTINGS, SECTORS, REGIONS), tmp_path / f"a{suffix}", SECTORS, REGIONS
    )
    second = synthetic_panel.write(
        synthetic_panel.generate(SETTINGS, SECTORS, REGIONS), tmp_path / f"b{suffix}", SECTORS, REGIONS
    )
    assert first.read_bytes() == second.read_bytes()
    other = synthetic_panel.write(
        synthetic_panel.generate(SETTINGS | {"seed": 1}, SECTORS, REGIONS), tmp_path / f"c{suffix}", SECTORS, REGIONS
    )
    assert other.read_bytes() != first.read_bytes()


def test_sav_and_dta_read_the_same_with_labels(tmp_path, synthetic):
    import pyreadstat

    sav = readers_panel.read(synthetic_panel.write(synthetic, tmp_path / "p.sav", SECTORS, REGIONS))
    dta = readers_panel.read(synthetic_panel.write(synthetic, tmp_path / "p.dta", SECTORS, REGIONS))
    pd.testing.assert_frame_equal(sav, dta)
    assert sav["sector"].iloc[0].startswith("unnamed sector ")
    assert set(sav["region"]) <= set(REGIONS)
    _, meta = pyreadstat.read_dta(str(tmp_path / "p.dta"), metadataonly=True)
    assert meta.column_names_to_labels["named_coalition"] == codebook_panel.COALITION["named_coalition"]
    assert meta.variable_value_labels["research"] == {0: "no", 1: "yes"}


def test_unreadable_panel_is_refused(tmp_path):
    bad = tmp_path / "p.dta"
    bad.write_text("not stata")
    with pytest.raises(InputError, match=r"p\.dta: not a readable Stata \.dta file"):
        readers_panel.read(bad)
    csv = tmp_path / "x.csv"
    csv.write_text("a")
    with pytest.raises(InputError, match=r"x\.csv: must be \.sav or \.dta, not '\.csv'$"):
        readers_panel.read(csv)


SMALL = pd.DataFrame(
    {
        "organization_id": ["A", "A", "B", "B", "C"],
        "year": [2008, 2011, 2008, 2011, 2011],
        "sector": ["s1", "s1", "s2", "s2", "s1"],
        "region": ["r"] * 5,
        **{a: [0, 1, 1, 1, 0] for a in codebook_panel.ACTIVITIES},
        "coalition_building": [1, 1, 0, 1, 1],
        "named_coalition": [0, 1, 0, 0, 0],
        "provenance": ["published"] * 5,
        "source": ["ctcstudy, test fixture"] * 5,
    }
).assign(law_enforcement=[1, 0, 0, 0, 0])


def test_aggregates_on_a_small_panel():
    prevalence = derive_panel.prevalence(SMALL)
    assert prevalence["organizations"].tolist() == [2, 3]
    assert prevalence["research"].tolist() == [50.0, 66.7]
    change = derive_panel.activity_change(prevalence, {"large_min_pp": 10, "moderate_min_pp": 2}).set_index("activity")
    assert change.loc["Research", ["change_pp", "increase_class"]].tolist() == [16.7, "large"]
    assert change.loc["Law enforcement", "increase_class"] == "decrease"
    trend = derive_panel.coalition_trend(SMALL).set_index("year")
    assert trend.loc["2008", "coalition_building"] == 50.0
    assert trend.loc["2011", "coalition_building"] == 100.0
    assert trend.loc["all waves", "named_coalition"] == 20.0
    assert trend.loc["rising (last wave above first)"].tolist() == ["yes", "yes"]
    moves = derive_panel.transitions(SMALL).set_index("activity")
    assert moves.loc["Research", ["in_both_waves", "started", "stopped"]].tolist() == [2, 1, 0]
    assert moves.loc["Law enforcement", ["started", "stopped"]].tolist() == [0, 1]
    balance = dict(derive_panel.balance(SMALL).values)
    assert balance["organizations in any wave"] == "3" and balance["entered after 2008"] == "1"
    sector = derive_panel.sector_activity(SMALL, 2011, ["s1", "s2", "s3"]).set_index("sector")
    assert sector.loc["s1", "organizations"] == 2 and sector.loc["s3", "organizations"] == 0


def test_tolerances():
    tolerances = CONFIG["verification"]["tolerances"]
    assert agrees("74", "74.9", "pp", tolerances) and not agrees("74", "75.1", "pp", tolerances)
    assert agrees("66.7", "71.0", "about_pp", tolerances) and not agrees("66.7", "77.5", "about_pp", tolerances)
    assert agrees("150", "164", "about_relative", tolerances) and not agrees("150", "166", "about_relative", tolerances)
    assert agrees("150", "165", "more_than", tolerances) and not agrees("150", "150", "more_than", tolerances)
    assert agrees("large", "large", "", tolerances) and not agrees("74", "74.0", "", tolerances)
    with pytest.raises(KeyError, match="tolerance 'loose' is not defined"):
        agrees("1", "1", "loose", tolerances)


def test_shipped_codebook_documents_every_panel_variable():
    from conftest import ROOT

    shipped = pd.read_csv(ROOT / "data/raw/panel/codebook.csv", dtype=str, keep_default_na=False)
    assert shipped.equals(codebook_panel.codebook(SECTORS, REGIONS).astype(str))
    assert shipped["variable"].tolist() == codebook_panel.COLUMNS
    assert shipped.set_index("variable").loc["sector", "values"].startswith("1=unnamed sector 1; 2=unnamed sector 2")
