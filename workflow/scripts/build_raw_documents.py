"""Build the shipped coalition documents: inventory.csv, texts/*.txt and profile_coding.qdpx.

The confidential originals (charters, bylaws, membership agreements, mission statements,
progress reports) are not available. Each shipped text is a short summary of what the study
reports about one coalition, grouped by the kind of document such facts come from, written from
the structured profile template (data/raw/documents/profile_template.csv, itself paraphrased
from Foot, Sworn & Alejano-Steele (2019), §Findings). So every text is `derived`, names only the coalition's pseudonym, and
holds each template value verbatim; profile_coding.qdpx codes each value as a selection of
its text with the template field as code (REFI-QDA, readable by QDA tools). Deterministic: rerunning rewrites the
same bytes (tested). After a rebuild, record the raw change with `make manifest`.

Usage: .venv/bin/python workflow/scripts/build_raw_documents.py
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "data/raw/documents/profile_template.csv"
FOLDER = "data/raw/documents"  # inventory.csv and texts/ (ctcstudy.documents.write_documents)
INVENTORY = ROOT / FOLDER / "inventory.csv"
CODING = ROOT / "data/raw/documents/profile_coding.qdpx"
METHODS = "foot_sworn_alejano_steele_2019, §Methods, data collection (kinds of coalition documents)"

# Template field -> the kind of document it is read from, and how the summary introduces it.
FIELDS = {
    "region": ("charter", "Region of operation"),
    "age": ("charter", "Age of the coalition"),
    "founding": ("charter", "How it was founded"),
    "leadership": ("bylaws", "Leadership"),
    "paid_staff": ("bylaws", "Paid staff"),
    "member_organizations": ("membership_agreement", "Member organizations"),
    "individual_members": ("membership_agreement", "Individual members"),
    "member_makeup": ("membership_agreement", "Make-up of the membership"),
    "membership_requirements": ("membership_agreement", "Requirements for members"),
    "member_partner_distinction": ("membership_agreement", "Members and partners"),
    "dues_and_fees": ("membership_agreement", "Dues and fees"),
    "self_description": ("mission_vision_goals", "How the coalition describes itself"),
    "funding_sources": ("progress_report", "Sources of funding"),
    "other_partnerships": ("progress_report", "Other partnerships"),
    "government_relations": ("progress_report", "Relations with government"),
    "business_relations": ("progress_report", "Relations with business"),
}
KIND_TITLES = {
    "charter": "Charter (summary)",
    "bylaws": "Bylaws (summary)",
    "membership_agreement": "Membership agreement (summary)",
    "mission_vision_goals": "Statement of mission, vision and goals (summary)",
    "progress_report": "Progress report (summary)",
}


def slug(name: str) -> str:
    return name.lower().replace(" ", "_")


def documents() -> dict[str, dict]:
    """document id -> coalition, kind, text, the sections of the article its facts come from, and the
    template coding: (field, start, end, source) of each value in the text."""
    docs: dict[str, dict] = {}
    with TEMPLATE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind, label = FIELDS[row["attribute"]]
            doc = docs.setdefault(
                f"{slug(row['coalition'])}_{kind}",
                {"coalition": row["coalition"], "kind": kind, "lines": [], "sources": [], "values": []},
            )
            doc["lines"].append((label, row["value"]))
            doc["sources"].append(row["source"].split(" §", 1)[1])
            doc["values"].append((row["attribute"], row["value"], row["source"]))
    for doc in docs.values():
        text = f"{doc['coalition']}: {KIND_TITLES[doc['kind']]}"
        doc["codings"] = []
        for (label, value), (field, _, source) in zip(doc["lines"], doc["values"]):
            start = len(text) + 2 + len(label) + 2  # after the blank line and "<label>: "
            text += f"\n\n{label}: {value}."
            doc["codings"].append((field, start, start + len(value), source))
        doc["text"] = text + "\n"
    return docs


def coding_project(docs: dict[str, dict]) -> tuple[bytes, dict[str, str]]:
    """The structured template as REFI-QDA coding of the texts: one code per template field, one
    case per coalition holding its documents, one coded selection per template value."""
    from ctcstudy.readers.profiles import TEMPLATE_FIELDS
    from ctcstudy.readers.refiqda import project_xml, stable_guid

    coder = {"guid": stable_guid("user", "Template coder"), "name": "Template coder"}
    codes = [{"guid": stable_guid("template field", f), "name": f, "description": TEMPLATE_FIELDS[f]} for f in FIELDS]
    code_guid = {c["name"]: c["guid"] for c in codes}
    sources, texts, holdings = [], {}, {}
    for document_id, doc in sorted(docs.items()):
        guid = stable_guid("document", document_id)
        texts[f"{guid}.txt"] = doc["text"]
        holdings.setdefault(doc["coalition"], []).append(guid)
        sources.append(
            {
                "guid": guid,
                "name": document_id,
                "file": f"{guid}.txt",
                "selections": [
                    {
                        "guid": stable_guid("template selection", document_id, field),
                        "start": start,
                        "end": end,
                        "user": coder["guid"],
                        "description": f"provenance: derived; source: {source}",
                        "codings": [
                            {
                                "guid": stable_guid("template coding", document_id, field),
                                "code": code_guid[field],
                                "user": coder["guid"],
                            }
                        ],
                    }
                    for field, start, end, source in doc["codings"]
                ],
            }
        )
    cases = [
        {"guid": stable_guid("coalition", name), "name": name, "values": {}, "sources": held}
        for name, held in sorted(holdings.items())
    ]
    return project_xml("coalition profile template", [coder], codes, [], cases, sources), texts


def main() -> None:
    from ctcstudy.readers.documents import write_documents
    from ctcstudy.readers.refiqda import write_qdpx

    docs = documents()
    write_documents(
        ROOT,
        FOLDER,
        [
            {
                "document_id": document_id,
                "coalition": doc["coalition"],
                "document_type": doc["kind"],
                "text": doc["text"],
                "source": f"{METHODS}; §{'; '.join(dict.fromkeys(doc['sources']))}",
            }
            for document_id, doc in sorted(docs.items())
        ],
        "derived",
    )
    write_qdpx(CODING, *coding_project(docs))
    print(
        f"{len(docs)} documents for {len({d['coalition'] for d in docs.values()})} coalitions -> {INVENTORY.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
