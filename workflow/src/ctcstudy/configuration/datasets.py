"""The register of raw datasets (workflow/datasets.yaml): which files each case gives, who reads
them, and what the tidy tables are. Standard library and PyYAML only: the Snakefile reads it on
every run, and readers are imported only when a file is read."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

REGISTER = "workflow/datasets.yaml"  # the project's own (the working directory), as every config file
PACKAGED = Path(__file__).resolve().parents[3] / "datasets.yaml"  # outside a project: the package's


def load(path: str | Path | None = None) -> tuple[dict, ...]:
    return read(str(path or (REGISTER if Path(REGISTER).is_file() else PACKAGED)))


@functools.cache
def read(path: str) -> tuple[dict, ...]:
    from ctcstudy.configuration.caselist import load_yaml

    return tuple(load_yaml(path)["datasets"])


def entry(dataset_id: str, register: tuple[dict, ...] | None = None) -> dict:
    return next(e for e in (register or load()) if e["id"] == dataset_id)


def tables(register: tuple[dict, ...] | None = None) -> list[str]:
    """Every tidy table, in register order (an entry with `tables` gives several)."""
    return [t for e in (register or load()) for t in e.get("tables", [e["id"]])]


def stacked(register: tuple[dict, ...] | None = None) -> list[dict]:
    """The entries read file by file into one table each (not interviews or the panel)."""
    return [e for e in (register or load()) if "tables" not in e]


def case_file_kinds(register: tuple[dict, ...] | None = None) -> dict[str, dict]:
    """Key under a case's `files:` -> its entry."""
    return {e["from"]["case_files"]: e for e in (register or load()) if "case_files" in e["from"]}


def required_files(case_type: str, register: tuple[dict, ...] | None = None) -> list[str]:
    return [kind for kind, e in case_file_kinds(register).items() if case_type in e.get("required_by", [])]


def raw_files(document: dict, config: dict, register: tuple[dict, ...] | None = None) -> dict[str, list[str]]:
    """Tidy table -> the raw files it is read from, for every stacked entry (cases may share a file)."""
    from ctcstudy.configuration.caselist import files

    def named_by(source: dict) -> list[str]:
        if "case_files" in source:
            return files(document, source["case_files"])
        if "coding_scheme" in source:
            return [document["coding_schemes"][source["coding_scheme"]]["codebook"]]
        if "crosswalk" in source:
            return [x["file"] for x in document["crosswalks"] if x["from"] == source["crosswalk"]]
        value = config
        for key in source["config"].split("."):
            value = value[key]
        return [value]

    return {e["id"]: named_by(e["from"]) for e in stacked(register)}


def companions(document: dict, register: tuple[dict, ...] | None = None) -> dict[str, str]:
    """Raw file -> the companion file its reader takes too (a survey export -> its column map)."""
    out = {}
    for kind, e in case_file_kinds(register).items():
        if "companion" in e:
            key = e["companion"]["key"]
            out |= {c["files"][kind]: c["files"][key] for c in document["cases"] if key in c["files"]}
    return out


def companions_needed(case_files: dict, register: tuple[dict, ...] | None = None) -> list[tuple[str, dict]]:
    """(key, companion) for each file of the case that needs a companion file the case does not give."""
    return [
        (kind, e["companion"])
        for kind, e in case_file_kinds(register).items()
        if "companion" in e
        and Path(str(case_files.get(kind, ""))).suffix.lstrip(".").lower() in e["companion"]["when"]
        and e["companion"]["key"] not in case_files
    ]


def reader(dataset_id: str, register: tuple[dict, ...] | None = None):
    """The entry's reader function, imported now."""
    return attribute(entry(dataset_id, register)["reader"])


def columns(dataset_id: str, register: tuple[dict, ...] | None = None) -> list[str]:
    given = entry(dataset_id, register).get("columns", [])
    return list(attribute(given)) if isinstance(given, str) else list(given)


def attribute(pointer: str):
    module, name = pointer.split(":")
    return getattr(importlib.import_module(module), name)


def starters(case_type: str, register: tuple[dict, ...] | None = None) -> dict[str, tuple[str, list[str]]]:
    """Key under `files:` -> (starter file, header) new-case writes for a case of this type."""
    return {
        kind: (e["starter"], columns(e["id"], register))
        for kind, e in case_file_kinds(register).items()
        if "starter" in e and case_type in [*e.get("required_by", []), *e.get("optional_for", [])]
    }


def files_schema(register: tuple[dict, ...] | None = None) -> dict:
    """The JSON schema of a case's `files:`, from the register: each key with its file types."""

    def one(extensions: list[str]) -> dict:
        return {"type": "string", "pattern": "\\.(" + "|".join(extensions) + ")$"}

    properties = {}
    for kind, e in case_file_kinds(register).items():
        single = one(e["extensions"])
        properties[kind] = (
            {"oneOf": [single, {"type": "array", "minItems": 1, "items": single}]} if e.get("several") else single
        )
        if "companion" in e:
            properties[e["companion"]["key"]] = one(e["companion"]["extensions"])
    return {"type": "object", "additionalProperties": False, "properties": properties}
