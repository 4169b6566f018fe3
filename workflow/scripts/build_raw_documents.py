"""Build the shipped coalition documents: data/raw/documents/inventory.csv and texts/*.txt.

The confidential originals (charters, bylaws, membership agreements, mission statements,
progress reports) are not available. Each shipped text is a short summary of what the study
reports about one coalition, grouped by the kind of document such facts come from, written from
the structured profile template (data/raw/documents/profile_template.csv, itself paraphrased
from seed 001 §Findings). So every text is `derived`, names only the coalition's pseudonym, and
holds each template value verbatim, ready to be coded. Deterministic: rerunning rewrites the
same bytes (tested). After a rebuild, record the raw change with `make manifest`.

Usage: .venv/bin/python workflow/scripts/build_raw_documents.py
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "data/raw/documents/profile_template.csv"
INVENTORY = ROOT / "data/raw/documents/inventory.csv"
TEXTS = "data/raw/documents/texts"
METHODS = "001_ab9cac1e7ad97ee4.txt §Methods, data collection (kinds of coalition documents)"

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
KIND_TITLES = {"charter": "Charter (summary)", "bylaws": "Bylaws (summary)",
               "membership_agreement": "Membership agreement (summary)",
               "mission_vision_goals": "Statement of mission, vision and goals (summary)",
               "progress_report": "Progress report (summary)"}


def slug(name: str) -> str:
    return name.lower().replace(" ", "_")


def documents() -> dict[str, dict]:
    """document id -> coalition, kind, text and the seed sections its facts come from."""
    docs: dict[str, dict] = {}
    with TEMPLATE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind, label = FIELDS[row["attribute"]]
            doc = docs.setdefault(f"{slug(row['coalition'])}_{kind}", {
                "coalition": row["coalition"], "kind": kind, "lines": [], "sources": []})
            doc["lines"].append(f"{label}: {row['value']}.")
            doc["sources"].append(row["source"].split(" §", 1)[1])
    for doc in docs.values():
        title = f"{doc['coalition']}: {KIND_TITLES[doc['kind']]}"
        doc["text"] = "\n\n".join([title, *doc["lines"]]) + "\n"
    return docs


def main() -> None:
    docs = documents()
    (ROOT / TEXTS).mkdir(parents=True, exist_ok=True)
    rows = []
    for document_id, doc in sorted(docs.items()):
        path = f"{TEXTS}/{document_id}.txt"
        data = doc["text"].encode("utf-8")
        (ROOT / path).write_bytes(data)
        sections = "; ".join(dict.fromkeys(doc["sources"]))
        rows.append({"document_id": document_id, "coalition": doc["coalition"], "document_type": doc["kind"],
                     "year": "", "language": "en", "file": path, "sha256": hashlib.sha256(data).hexdigest(),
                     "provenance": "derived", "source": f"{METHODS}; §{sections}"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    INVENTORY.write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(rows)} documents for {len({r['coalition'] for r in rows})} coalitions -> {INVENTORY.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
