"""CITATION.cff, .zenodo.json and codemeta.json, written from config/citation.yaml, pyproject.toml
and references.bib, so that no fact is typed twice (a test keeps the written files in step)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

FILES = ("CITATION.cff", ".zenodo.json", "codemeta.json")
CFF_TYPES = {
    "article": "article",
    "book": "book",
    "incollection": "book",
    "techreport": "report",
    "inproceedings": "conference-paper",
    "misc": "generic",
}


def facts(root: Path = Path(".")) -> dict:
    from ctcstudy.report.references import load

    citation = yaml.safe_load((root / "config/citation.yaml").read_text(encoding="utf-8"))
    from ctcstudy.deposit.package import project

    references = load(root / "data/raw/published/references.bib")
    cited = [r for key, r in references.items() if key not in citation.get("not_cited", [])]
    return {**citation, "project": project(root), "references": cited}


def person(author: str) -> dict:
    """'Foot, Kirsten A.' -> CFF family and given names; a body ('CIVICUS') -> its name."""
    if "," in author:
        family, given = (part.strip() for part in author.split(",", 1))
        return {"family-names": family, "given-names": given}
    return {"name": author}


def cff_reference(reference) -> dict:
    f = reference.fields
    entry = {
        "type": CFF_TYPES.get(reference.kind, "generic"),
        "title": f["title"],
        "authors": [person(a) for a in reference.authors],
    }
    entry["year"] = int(f["year"]) if str(f["year"]).isdigit() else f["year"]
    for source, target in (
        ("journal", "journal"),
        ("volume", "volume"),
        ("number", "issue"),
        ("doi", "doi"),
        ("isbn", "isbn"),
        ("publisher", "publisher"),
        ("url", "url"),
        ("booktitle", "collection-title"),
    ):
        if f.get(source):
            entry[target] = {"name": f[source]} if target == "publisher" else f[source]
    pages = re.match(r"(\d+)\D+(\d+)", f.get("pages", ""))
    if pages:
        entry["start"], entry["end"] = pages[1], pages[2]
    return entry


def citation_cff(facts: dict) -> str:
    document = {
        "cff-version": "1.2.0",
        "message": " ".join(facts["message"].split()),
        "title": facts["title"],
        "type": "software",
        "authors": facts["authors"],
        "version": facts["project"]["version"],
        "license": facts["project"]["license"],
        "abstract": " ".join(facts["abstract"].split()),
        "keywords": facts["keywords"],
        "references": [cff_reference(r) for r in facts["references"]],
    }
    head = "# Written by `make citation` from config/citation.yaml, pyproject.toml and references.bib: edit those.\n"
    return head + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def zenodo_json(facts: dict) -> str:
    document = {
        "title": facts["title"],
        "upload_type": "software",
        "description": " ".join(facts["abstract"].split()),
        "creators": [
            {"name": a["name"]} if "name" in a else {"name": f"{a['family-names']}, {a['given-names']}"}
            for a in facts["authors"]
        ],
        "version": facts["project"]["version"],
        "license": facts["project"]["license"],
        "keywords": facts["keywords"],
        "related_identifiers": [
            {"identifier": r.fields["doi"], "relation": "references", "scheme": "doi"}
            for r in facts["references"]
            if r.fields.get("doi")
        ],
        "references": [r.full for r in facts["references"]],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def codemeta_json(facts: dict) -> str:
    project = facts["project"]
    document = {
        "@context": "https://doi.org/10.5063/schema/codemeta-2.0",
        "@type": "SoftwareSourceCode",
        "name": facts["title"],
        "identifier": project["name"],
        "description": " ".join(facts["abstract"].split()),
        "version": project["version"],
        "license": f"https://spdx.org/licenses/{project['license']}",
        "author": [
            {"@type": "Organization", "name": a["name"]}
            if "name" in a
            else {"@type": "Person", "familyName": a["family-names"], "givenName": a["given-names"]}
            for a in facts["authors"]
        ],
        "keywords": facts["keywords"],
        "programmingLanguage": f"Python {project['requires-python']}",
        "softwareRequirements": project["dependencies"],
        "referencePublication": [
            {
                "@type": "ScholarlyArticle",
                "name": r.fields["title"],
                **({"identifier": f"https://doi.org/{r.fields['doi']}"} if r.fields.get("doi") else {}),
            }
            for r in facts["references"]
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def files(root: Path = Path(".")) -> dict[str, str]:
    found = facts(root)
    return {
        "CITATION.cff": citation_cff(found),
        ".zenodo.json": zenodo_json(found),
        "codemeta.json": codemeta_json(found),
    }
