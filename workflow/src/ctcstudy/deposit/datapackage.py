"""datapackage.json (Frictionless Data Package v2) for the deposit: every table of data/raw/,
data/processed/ and results/tables/ with a Table Schema, and the .sav/.dta files by format.

Field types are read from the values; labels, codes and missing codes come from the instruments'
codebooks (ctcstudy.codebook), keys from the expectation suites, sources from the records' own
source pointers (references.bib), licences from LICENSE-DATA, descriptions and access tiers from
the dataset list (workflow/data_files.yaml). One resource per file, so R's
frictionless package, Python's frictionless or pandas read each table typed and labelled.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DATA_LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}
TABLES = ("data/raw/", "data/processed/", "results/tables/", "results/verification/", "results/numbers/")
STATISTICAL = {".sav": ("sav", "application/x-spss-sav"), ".dta": ("dta", "application/x-stata-dta")}
INTEGER = re.compile(r"-?\d+")
NUMBER = re.compile(r"-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?")
CLAIMS, PUBLISHED = "results/verification/claims.csv", "data/processed/published_values.csv"
# How the tables relate: segments -> interview leaders -> cases; claims -> published values and
# outputs; numbers -> claims. "cases" and "outputs" are inline resources (config/cases.yaml and
# workflow/registry.yaml as tables).
FOREIGN_KEYS = {
    "data/processed/interview_segments.csv": [("leader", "data/processed/interview_leaders.csv", "leader")],
    "data/processed/interview_leaders.csv": [("coalition", "cases", "pseudonym")],
    "data/processed/questionnaire.csv": [("coalition", "cases", "pseudonym")],
    "data/processed/case_facts.csv": [("case", "cases", "pseudonym")],
    PUBLISHED: [("output", "outputs", "id")],
    CLAIMS: [("claim_id", PUBLISHED, "claim_id"), ("output", "outputs", "id")],
    "results/numbers/numbers.csv": [("claim_id", CLAIMS, "claim_id")],
}
RESULT_KEYS = {CLAIMS: ["claim_id"], "results/numbers/numbers.csv": ["claim_id"]}


def resource_name(path: Path) -> str:
    """A resource name Frictionless accepts (lower case, digits, '-', '_', '.'), unique per path."""
    return re.sub(r"[^a-z0-9._-]+", "-", path.with_suffix("").as_posix().lower()).strip("-")


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return (rows[0], rows[1:]) if rows else ([], [])


def field_type(values: list[str], missing: set[str]) -> str:
    present = [v for v in values if v not in missing]
    if present and all(INTEGER.fullmatch(v) for v in present):
        return "integer"
    if present and all(NUMBER.fullmatch(v) for v in present):
        return "number"
    return "string"


def instrument_fields() -> dict[str, dict]:
    """Field name -> what the codebooks say of it: description, categories, missing codes."""
    from ctcstudy.codebook import panel
    from ctcstudy.codebook.questionnaire import ITEMS

    found = {}
    for item in ITEMS:
        entry = {"description": item.label}
        codes = {k: v for k, v in item.values.items() if k not in item.missing}
        if codes:
            entry["categories"] = [{"value": k, "label": v} for k, v in sorted(codes.items())]
        if item.missing:
            entry["missingValues"] = [{"value": str(k), "label": item.values[k]} for k in item.missing]
        found[item.name] = entry
    for name, label in panel.column_labels().items():
        found.setdefault(name, {"description": label})
        if name in panel.INDICATORS:
            found[name]["categories"] = [{"value": k, "label": v} for k, v in panel.YES_NO.items()]
    return found


def schema(path: Path, header: list[str], rows: list[list[str]], known: dict, keys: dict) -> dict:
    instrument = path.parts[:2] == ("data", "processed") and path.stem in ("questionnaire", "panel")
    fields = []
    for j, name in enumerate(header):
        values = [r[j] for r in rows if j < len(r)]
        about = known.get(name, {}) if instrument else {}
        missing = {m["value"] for m in about.get("missingValues", [])} | {""}
        field = {"name": name, "type": field_type(values, missing)}
        if "description" in about:
            field["description"] = about["description"]
        if "categories" in about and field["type"] == "integer":
            field["categories"] = about["categories"]
        if "missingValues" in about:
            field["missingValues"] = [{"value": "", "label": "empty"}, *about["missingValues"]]
        fields.append(field)
    described = {"fields": fields, "missingValues": [""]}
    key = keys.get(path.stem) if path.parts[:2] == ("data", "processed") else RESULT_KEYS.get(path.as_posix())
    if key and all(k in header for k in key):
        described["primaryKey"] = key
    links = [
        {"fields": [mine], "reference": {"resource": resource_name(Path(target)), "fields": [theirs]}}
        for mine, target, theirs in FOREIGN_KEYS.get(path.as_posix(), [])
        if mine in header
    ]
    if links:
        described["foreignKeys"] = links
    return described


def inline_tables(root: Path, outputs: list[dict]) -> list[dict]:
    """The case list and the output registry (its entries given) as small inline tables, so that
    records can point at a case or an output by key."""
    from ctcstudy.configuration.caselist import load_yaml

    cases = load_yaml(root / "config/cases.yaml")["cases"]
    tables = [
        ("cases", "The cases (config/cases.yaml).", ["id", "pseudonym", "case_type", "coding_scheme"], cases, "id"),
        ("outputs", "Every table and figure (workflow/registry.yaml).", ["id", "kind", "title", "rule", "notebook", "path"], outputs, "id"),
    ]
    return [
        {
            "name": name,
            "type": "table",
            "description": description,
            "data": [columns, *[[str(entry.get(c, "")) for c in columns] for entry in entries]],
            "schema": {
                "fields": [
                    {"name": c, "type": "string", **({"constraints": {"unique": True}} if c == "pseudonym" else {})}
                    for c in columns
                ],
                "primaryKey": [key],
            },
            "licenses": [DATA_LICENCE],
            "access": "public",
        }
        for name, description, columns, entries, key in tables
    ]


def sources(header: list[str], rows: list[list[str]], references: dict) -> list[dict]:
    """The works the records cite in their source column (key, locator), as resource sources."""
    if "source" not in header:
        return []
    at = header.index("source")
    keys = sorted(
        {m[1] for r in rows if at < len(r) for m in re.finditer(r"\b([a-z][a-z0-9_]*_\d{4}[a-z_]*)\b", r[at])}
    )
    return [
        {"title": references[k].full, **({"path": references[k].link} if references[k].link else {})}
        for k in keys
        if k in references
    ]


def suite_keys(root: Path) -> dict[str, list[str]]:
    found = {}
    for suite in (root / "workflow/expectations").glob("*.json"):
        key = json.loads(suite.read_text(encoding="utf-8")).get("meta", {}).get("key")
        if key:
            found[suite.stem] = key
    return found


def about(posix: str, entries: list, outputs: dict[str, dict]) -> dict:
    """A resource's description and access tier: a raw file from the dataset list, a table of
    results from the output registry, a tidy table from the step that makes it."""
    from ctcstudy.configuration.data_files import find

    entry = find(entries, posix)
    if entry is not None:
        return {"description": entry.description, "access": entry.access}
    if posix in outputs:
        made = outputs[posix]
        text = f"{made['title']}. Made by rule {made['rule']} ({made['notebook']})."
    else:
        text = (
            f"Tidy table {Path(posix).stem}, read from the raw files and published here once its expectation suite "
            "passed; each record keeps its provenance and source."
        )
    return {"description": text, "access": "public"}


def access_tiers(entries: list, tiers: list) -> list[dict]:
    """The three access tiers, machine-readable: public (every resource here), confidential (not
    included; how it is requested), never deposited (what it is, where it would be)."""
    from ctcstudy.configuration.data_files import plain

    return [
        {
            "tier": tier.name,
            "title": tier.title,
            "statement": plain(tier.statement),
            **(
                {"resources": "every resource of this package"}
                if tier.name == "public"
                else {
                    "datasets": [
                        {"title": e.title, "source": e.source, "paths": list(e.files)}
                        for e in entries
                        if e.access == tier.name
                    ]
                }
            ),
        }
        for tier in tiers
    ]


def descriptor(root: Path, files: list[Path]) -> dict:
    """The data package of the deposit's files (paths relative to the deposit's root)."""
    from ctcstudy.configuration import data_files
    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.deposit.package import project as project_table
    from ctcstudy.report.references import load

    entries, tiers = data_files.load(root / data_files.LIST)
    registry = load_yaml(root / "workflow/registry.yaml")["outputs"]
    outputs = {e["path"]: e for e in registry}
    project = project_table(root)
    references = load(root / "data/raw/published/references.bib")
    known, keys = instrument_fields(), suite_keys(root)
    resources = []
    for path in files:
        posix = path.as_posix()
        if not posix.startswith(TABLES) or "restricted" in path.parts:
            continue
        if path.suffix == ".csv":
            header, rows = read_rows(root / path)
            if not header:
                continue
            resource = {
                "name": resource_name(path),
                "path": posix,
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(path, header, rows, known, keys),
                "licenses": [DATA_LICENCE],
                **about(posix, entries, outputs),
            }
            cited = sources(header, rows, references)
            if cited:
                resource["sources"] = cited
            resources.append(resource)
        elif path.suffix in STATISTICAL:
            kind, mediatype = STATISTICAL[path.suffix]
            resources.append(
                {
                    "name": resource_name(path),
                    "path": posix,
                    "type": "file",
                    "format": kind,
                    "mediatype": mediatype,
                    "licenses": [DATA_LICENCE],
                    **about(posix, entries, outputs),
                }
            )
    return {
        "$schema": PROFILE,
        "name": project["name"],
        "title": project["description"],
        "version": project["version"],
        "licenses": [DATA_LICENCE],
        "resources": [*resources, *inline_tables(root, registry)],
        "access": access_tiers(entries, tiers),  # ACCESS.md's tiers (workflow/data_files.yaml)
    }


def write(root: Path, files: list[Path], out: Path) -> int:
    from ctcstudy.writers import atomic_write

    document = descriptor(root, files)
    atomic_write(out, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return len(document["resources"])
