"""Outside checks: the numbers the 2019 article quotes, recomputed from the cited works' own data
when a user has downloaded it; skipped, saying where to get it, when it is absent. The fixture
imitates the authors' file (data/responses_full_anonymized.csv: one row per country-organization
response, "NA" for a missing answer) on a handful of rows."""

import csv

import pandas as pd
import pytest
from conftest import CONFIG, ROOT

from ctcstudy.errors import InputError
from ctcstudy.report.references import load
from ctcstudy.verify import outside
from ctcstudy.verify.published import load_claims

CLAIMS = load_claims(ROOT / CONFIG["study"]["published_values"])
REFS = load(ROOT / CONFIG["study"]["references"])
TOLERANCES = CONFIG["verification"]["tolerances"]
HEADER = [
    "clean.id",
    "Q1.2",
    "work.country",
    "Q3.5_1",
    "Q3.5_2",
    "Q3.5_3",
    "Q3.5_4",
    "Q3.21_1",
    "Q3.21_2",
    "Q3.21_3",
    "Q3.21_4",
    "Q3.29",
]
ROWS = [  # organization, name, country, actors active, TIP report used with, restriction
    ["1060", "Organization 1060", "Germany", "NA", "1", "NA", "1", "NA", "NA", "NA", "NA", "Very little restricted"],
    ["1060", "Organization 1060", "Romania", "NA", "1", "1", "NA", "1", "NA", "1", "NA", "Somewhat restricted"],
    ["1325", "trafficJ.A.M., International", "Ecuador", "1", "1", "1", "1", "NA", "NA", "1", "NA", "Very restricted"],
    ["1324", "HAART", "Kenya", "1", "1", "1", "1", "1", "NA", "NA", "NA", "Somewhat restricted"],
    ["1446", "Children of the Night", "Kenya", "NA", "NA", "NA", "NA", "NA", "NA", "NA", "NA", "NA"],
]


def write_responses(root):
    path = root / outside.HEISS_KELLEY.path
    path.parent.mkdir(parents=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    return path


def test_the_checks_recompute_each_figure_from_the_records(tmp_path):
    write_responses(tmp_path)
    lines = outside.run(tmp_path, CLAIMS, REFS, TOLERANCES)
    assert lines[:4] == [
        "X.heiss_kelley.ngos: published '500', found 4 (distinct clean.id (organizations) over 5 country-organization "
        "responses; heiss_kelley_2017_data): differs",
        "X.heiss_kelley.restricted_countries: published '66', found 3 (distinct work.country where Q3.29 is Somewhat "
        "restricted or Very restricted (3 of 4 answers); heiss_kelley_2017_data): differs",
        "X.heiss_kelley.discussed_with_government: published '53', found 67 (Q3.21_1 = 1 (used the TIP report with the "
        "national government) in 2 of 3 responses ticking any Q3.21 box; heiss_kelley_2017_data): differs",
        "X.heiss_kelley.collaborate_with_all: published 'every respondent', found 2 of 5 (Q3.5_1 to Q3.5_4 all 1 "
        "(national government, NGOs, embassies and international organizations active in the country); "
        "heiss_kelley_2017_data): compare by reading",
    ]
    assert lines[4] == (
        "skipped civicus_2017: data/external/civicus_2017/ratings.csv not found; download it from "
        "https://monitor.civicus.org and run again"
    )


def test_ratings_that_fit_the_article_agree(tmp_path):
    path = tmp_path / outside.CIVICUS.path
    path.parent.mkdir(parents=True)
    ratings = ["closed"] * 20 + ["repressed"] * 35 + ["obstructed"] * 51 + ["narrowed"] * 63 + ["open"] * 26
    pd.DataFrame({"country": [f"country {i}" for i in range(195)], "rating": ratings}).to_csv(path, index=False)
    lines = outside.run(tmp_path, CLAIMS, REFS, TOLERANCES)
    assert lines[1:] == [
        "X.civicus.countries_rated: published '195', found 195 (countries in the ratings file; civicus_2017): agrees",
        "X.civicus.restricting_countries: published '160', found 169 (rating narrowed, obstructed, repressed, closed "
        "(not open); civicus_2017): agrees",
    ]


def test_absent_data_are_skipped_and_a_wrong_file_is_refused(tmp_path):
    assert [line.split(":")[0] for line in outside.run(tmp_path, CLAIMS, REFS, TOLERANCES)] == [
        "skipped heiss_kelley_2017_data",
        "skipped civicus_2017",
    ]
    path = write_responses(tmp_path)
    path.write_text("id,country\n1,Kenya\n")
    with pytest.raises(InputError, match="not the expected file of heiss_kelley_2017_data: no column"):
        outside.run(tmp_path, CLAIMS, REFS, TOLERANCES)


def test_every_outside_check_is_an_external_check_naming_its_dataset():
    external = CLAIMS[CLAIMS["basis"].eq("external check") & CLAIMS["claim_id"].str.startswith("X.")]
    assert len(external) == 6
    assert external["note"].str.contains(r"dataset (?:heiss_kelley_2017_data|civicus_2017):").all()
    assert {outside.HEISS_KELLEY.key, outside.CIVICUS.key} <= set(REFS)
