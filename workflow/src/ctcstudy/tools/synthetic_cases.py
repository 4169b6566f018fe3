"""Seeded synthetic coalitions, entered through the same case configuration students use.

For benchmarks and scale tests only: ``make(root, n, seed)`` writes, under
``data/raw/synthetic_cases/``, one questionnaire (.sav, a record per coalition), profile
rows, case facts and one REFI-QDA project (two leaders per coalition, coded with the
coalition scheme), and returns a case list for ``config/cases.yaml`` with the n coalitions
plus the shipped single-organization case. Every record says ``provenance = synthetic``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pyreadstat

from ctcstudy.codebook.questionnaire import ITEMS, NOT_REPORTED
from ctcstudy.readers.documents import write_documents
from ctcstudy.readers.refiqda import project_xml, read_codebook, stable_guid, write_qdpx

FOLDER = "data/raw/synthetic_cases"
SOURCE = "ctcstudy, synthetic case generator (ctcstudy.tools.synthetic_cases)"


def answers(rng: random.Random, name: str, index: int) -> dict:
    record = {"respondent_id": f"R{index + 1:04d}", "coalition": name, "provenance": "synthetic", "source": SOURCE}
    for item in ITEMS:
        if item.name in record:
            continue
        if not item.reported:
            record[item.name] = NOT_REPORTED
        elif item.kind == "dichotomous":
            record[item.name] = rng.randint(0, 1)
        elif item.name == "years_operating":
            record[item.name] = rng.randint(3, 25)
        elif item.name == "member_organizations":
            record[item.name] = rng.randint(5, 90)
        elif item.name == "individual_members":
            record[item.name] = rng.choice([NOT_REPORTED, rng.randint(0, 20)])
        elif item.name == "scope":
            record[item.name] = 3  # national, so every synthetic case passes the selection gate
        elif item.name == "leaders":
            record[item.name] = rng.choice([2, 3, 23])
        elif item.name == "years_operating_more_than":
            record[item.name] = 0
        else:
            record[item.name] = rng.choice(list(item.values))
    return record


def code_tree(codes: pd.DataFrame) -> list[dict]:
    """The codebook as the nested structure the REFI-QDA writer takes (GUIDs kept)."""
    nodes = {row.guid: {"guid": row.guid, "name": row.name, "children": []} for row in codes.itertuples()}
    roots = []
    for row in codes.itertuples():
        (nodes[row.parent_guid]["children"] if isinstance(row.parent_guid, str) else roots).append(nodes[row.guid])
    return roots


def interviews(rng: random.Random, names: list[str], codebook: Path, out: Path) -> None:
    codes = read_codebook(codebook)
    leaves = codes[codes["is_codable"] & ~codes["path"].str.startswith("Absences")]
    coder = {"guid": stable_guid("user", "Coder A"), "name": "Coder A"}
    variables = [{"guid": stable_guid("variable", n), "name": n} for n in ("coalition", "provenance", "source")]
    texts, sources, cases = {}, [], []
    for i, name in enumerate(names):
        for j in range(2):
            leader = f"S{i + 1:04d}-{j + 1}"
            picks = leaves.sample(2, random_state=rng.randint(0, 2**31)).itertuples()
            paragraphs = [f"Synthetic statement {k + 1} of leader {leader}." for k in range(2)]
            text = f"Synthetic interview summary, leader {leader}.\n\n" + "\n\n".join(paragraphs) + "\n"
            guid = stable_guid("synthetic source", leader)
            texts[f"{guid}.txt"] = text
            selections = []
            for k, (paragraph, code) in enumerate(zip(paragraphs, picks)):
                start = text.index(paragraph)
                selections.append(
                    {
                        "guid": stable_guid("synthetic selection", leader, str(k)),
                        "start": start,
                        "end": start + len(paragraph),
                        "user": coder["guid"],
                        "name": paragraph,
                        "description": f"provenance: synthetic; source: {SOURCE}",
                        "codings": [
                            {
                                "guid": stable_guid("synthetic coding", leader, str(k)),
                                "code": code.guid,
                                "user": coder["guid"],
                            }
                        ],
                    }
                )
            sources.append(
                {"guid": guid, "name": f"Interview {leader}", "file": f"{guid}.txt", "selections": selections}
            )
            cases.append(
                {
                    "guid": stable_guid("synthetic case", leader),
                    "name": leader,
                    "sources": [guid],
                    "values": {
                        variables[0]["guid"]: name,
                        variables[1]["guid"]: "synthetic",
                        variables[2]["guid"]: SOURCE,
                    },
                }
            )
    write_qdpx(out, project_xml("synthetic coalitions", [coder], code_tree(codes), variables, cases, sources), texts)


def make(root: Path, n: int, seed: int, template: dict) -> dict:
    """Write n synthetic coalitions under root/FOLDER; return a case list (template's schemes and
    single-organization cases kept)."""
    rng = random.Random(seed)
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"Synthetic Coalition {i + 1:04d}" for i in range(n)]
    records = pd.DataFrame([answers(rng, name, i) for i, name in enumerate(names)])[[i.name for i in ITEMS]]
    pyreadstat.write_sav(records, str(folder / "questionnaire.sav"))
    pd.DataFrame(
        [
            {
                "coalition": name,
                "attribute": attribute,
                "value": str(value),
                "provenance": "synthetic",
                "source": SOURCE,
            }
            for name, (_, row) in zip(names, records.iterrows())
            for attribute, value in (
                ("age", row["years_operating"]),
                ("member_organizations", row["member_organizations"]),
            )
        ]
    ).to_csv(folder / "profiles.csv", index=False)
    pd.DataFrame(
        [
            {"case": name, "fact": fact, "value": rng.choice(values), "provenance": "synthetic", "source": SOURCE}
            for name in names
            for fact, values in (
                ("multisector_by_design", ["yes", "no"]),
                ("national_government_relationship", ["positive", "strained"]),
            )
        ]
    ).to_csv(folder / "case_facts.csv", index=False)
    interviews(rng, names, root / template["coding_schemes"]["ctc_engagement"]["codebook"], folder / "interviews.qdpx")
    inventory = write_documents(
        root,
        FOLDER,
        [
            {
                "document_id": f"synthetic_{i + 1:04d}_charter",
                "coalition": name,
                "document_type": "charter",
                "text": f"{name}: Charter (synthetic summary)\n\nAge of the coalition: {row['years_operating']}.\n\n"
                f"Member organizations: {row['member_organizations']}.\n",
            }
            for i, (name, (_, row)) in enumerate(zip(names, records.iterrows()))
        ],
        "synthetic",
        SOURCE,
    )
    files = {
        "questionnaire": f"{FOLDER}/questionnaire.sav",
        "profiles": f"{FOLDER}/profiles.csv",
        "documents": inventory,
        "interviews": f"{FOLDER}/interviews.qdpx",
        "case_facts": f"{FOLDER}/case_facts.csv",
    }
    coalitions = [
        {
            "id": f"synthetic_{i + 1:04d}",
            "pseudonym": name,
            "study": "synthetic",
            "case_type": "coalition",
            "coding_scheme": "ctc_engagement",
            "files": dict(files),
        }
        for i, name in enumerate(names)
    ]
    singles = [c for c in template["cases"] if c["case_type"] == "single_organization"]
    return {**template, "cases": coalitions + singles}
