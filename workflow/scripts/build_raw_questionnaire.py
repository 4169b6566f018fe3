"""Build the shipped leader questionnaire (.sav) and its codebook from the publication.

This is how the data package's questionnaire records were made, kept so a reviewer can
re-derive them; the pipeline never runs it (raw data are inputs, never outputs).

The confidential responses are not available. Each coalition gets one record, as if
answered by one of its leaders (the study had at least one questionnaire per coalition),
with provenance ``derived``: the NGO-type, business and government items come from the
published Table 1-3 cells in ``data/raw/published/``; the rest from the coalition profiles,
each answer pointing at its passage through the codebook's ``source`` column.

Usage: python workflow/scripts/build_raw_questionnaire.py [--out data/raw/questionnaire]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ctcstudy.codebook.questionnaire import ITEMS, NOT_REPORTED, STUDY, codebook
from ctcstudy.readers.questionnaire import write_sav
from ctcstudy.verify import published

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = ROOT / "data/raw/published/published_values.csv"
NR = NOT_REPORTED

# Answers the profiles state (Foot, Sworn & Alejano-Steele (2019), Findings, one paragraph per coalition).
# Funding lists that the paper closes ("funded in equal portions by ...") give 0 for
# sources not named; open lists ("including ...") give "not reported".
PROFILE_ANSWERS = {
    "Covenant Alliance": dict(
        respondent_id="R01",
        region=1,
        scope=3,
        years_operating=3,
        years_operating_more_than=0,
        leaders=23,
        member_organizations=35,
        individual_members=NR,
        paid_staff=1,
        self_description=1,
        funding_religious_institutions=1,
        funding_international_ngo=1,
        funding_intergovernmental=0,
        funding_business=0,
        funding_foundation=0,
        funding_individuals=0,
        member_dues=NR,
        event_fees=NR,
    ),
    "Community Nexus": dict(
        respondent_id="R02",
        region=2,
        scope=3,
        years_operating=10,
        years_operating_more_than=1,
        leaders=23,
        member_organizations=47,
        individual_members=NR,
        paid_staff=2,
        self_description=1,
        funding_religious_institutions=1,
        funding_international_ngo=NR,
        funding_intergovernmental=1,
        funding_business=1,
        funding_foundation=1,
        funding_individuals=1,
        member_dues=0,
        event_fees=1,
    ),
    "Sector Bridge": dict(
        respondent_id="R03",
        region=3,
        scope=3,
        years_operating=5,
        years_operating_more_than=0,
        leaders=23,
        member_organizations=49,
        individual_members=5,
        paid_staff=0,
        self_description=2,
        funding_religious_institutions=1,
        funding_international_ngo=NR,
        funding_intergovernmental=NR,
        funding_business=1,
        funding_foundation=1,
        funding_individuals=1,
        member_dues=0,
        event_fees=NR,
    ),
}


def table_answers(claims: pd.DataFrame, coalition: str) -> dict:
    """NGO-type, business and government items from the published table cells."""
    cells = claims[claims["column"].eq(coalition) & claims["output"].eq("table1_ngo_types")]
    t1 = dict(zip(cells["row"], cells["published"]))
    sectors = {}
    for output, role in (("table2_member_types", "member"), ("table3_partner_types", "partner")):
        rows = claims[claims["output"].eq(output) & claims["row"].eq(coalition)]
        sectors[role] = dict(zip(rows["column"], rows["published"]))
    answers = {}
    for item in ITEMS:
        if item.ngo_type:
            cell = t1.get(item.ngo_type)
            answers[item.name] = (
                NR if cell is None else int(("M" if item.role == "member" else "P") in cell.split(" & "))
            )
        elif item.business_size:
            answers[item.name] = int(item.business_size in sectors[item.role]["business"].split(" & "))
        elif item.government_level:
            answers[item.name] = int(item.government_level in sectors[item.role]["government"].split("/"))
    return answers


def build(out: Path) -> pd.DataFrame:
    claims = published.load_claims(CLAIMS)
    records = []
    for coalition, answers in PROFILE_ANSWERS.items():
        record = {
            "coalition": coalition,
            **answers,
            **table_answers(claims, coalition),
            "provenance": "derived",
            "source": f"{STUDY}, §Findings, Tables 1-3 and the {coalition} profile",
        }
        records.append(record)
    frame = pd.DataFrame(records)[[i.name for i in ITEMS]]
    out.mkdir(parents=True, exist_ok=True)
    write_sav(frame, out / "leader_questionnaire.sav", "CTC leader questionnaire, derived from Foot et al. (2019)")
    codebook().to_csv(out / "codebook.csv", index=False, lineterminator="\n")
    return frame


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data/raw/questionnaire")
    print(build(parser.parse_args().out).to_string())
