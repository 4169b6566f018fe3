"""The settings of each build command, one JSON file each, read into a typed object.

A rule writes its command's settings to data/interim/settings/<rule>-<hash>.json (common.smk,
settings_file): the hash in the name makes a changed setting rerun exactly that rule, and leaves
the no-op rebuild alone. A setting missing, unknown or of the wrong type is refused naming the file
and the setting.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from dataclasses import dataclass, field
from pathlib import Path

from ctcstudy.errors import InputError


@dataclass(frozen=True)
class Ingest:
    """Every raw dataset into tidy tables (see ctcstudy.ingest.run)."""

    tables: dict  # tidy table -> its raw files
    interviews: list  # REFI-QDA exports, each a file or {file, mapping, offset_unit, primary_coder}
    interview_codebook: str  # the coding scheme's .qdc, or "project" for the exports' own codes
    panel: str
    out_dir: str = "data/interim"
    companions: dict = field(default_factory=dict)  # raw file -> the second file its reader takes
    code_differences: str = "refuse"
    cases_file: str | None = None
    case_coders: dict = field(default_factory=dict)
    case_names: list = field(default_factory=list)


@dataclass(frozen=True)
class Validate:
    """The gate: read the raw files (`ingest`, forked) and run every suite."""

    datasets: dict  # tidy table -> {"tidy": its CSV, "raw": the raw file(s) named in messages}
    suites: str
    parameters: dict  # values of the suites' $PARAMETERs
    values_from: dict  # parameter -> [tidy table, column] whose values it takes
    out_dir: str
    references: str | None = None
    selection: dict | None = None  # config case_selection, when it is enforced: a failing coalition refused
    cases_file: str | None = None  # the case list (with selection: the cases and their files)
    ingest: Ingest | None = None


@dataclass(frozen=True)
class Publish:
    """Validated files copied into place."""

    copies: dict  # source -> destination


@dataclass(frozen=True)
class Verify:
    study: str
    outputs: dict  # output id -> its table (CSV)
    registry: str
    claims: str
    corrections: str
    apply: list
    tolerances: dict
    references: str
    profiles: str
    questionnaire: str
    out: str
    summary: str
    numbers: str
    compared: str
    references_out: str


@dataclass(frozen=True)
class Report:
    study: str
    registry: str
    claims: str
    validation: str
    numbers: str
    references: str
    segments: str
    leaders: str
    cases_file: str
    out: str
    manuscript_checks: list = field(default_factory=list)  # results/manuscript_check/<stem>.md


@dataclass(frozen=True)
class ReplicationReport:
    study: str
    registry: str
    claims: str
    validation: str
    manifest: str  # the raw-data check's stamp (its one line)
    data_files: str  # the dataset list
    pyproject: str
    lock: str
    template: str
    data: str  # the JSON the template reads (relative to the project folder)
    out: str
    benchmark: str | None = None  # results/benchmarks/build_times.csv, when measured


@dataclass(frozen=True)
class LeakScan:
    scan: list
    segments: str
    cases_file: str
    out: str
    unmade: str | None = None  # the settings file listing the files no rule makes (counted in the summary)
    restricted: str | None = None
    quarantine: str = "quarantine"


@dataclass(frozen=True)
class SynthesizePanel:
    generator: dict
    waves: list
    sectors: list
    regions: list
    out: list  # .sav and/or .dta paths


@dataclass(frozen=True)
class Pseudonymize:
    documents: list
    names: str = "data/raw/restricted/names.csv"
    out_dir: str = "data/processed/pseudonymized"


def load(path: str | Path, kind: type):
    """The settings file as a `kind`, or a refusal naming the file and the setting."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a readable settings file ({exc})") from exc
    return typed(document, kind, path)


def typed(document, kind: type, path, prefix: str = ""):
    if not isinstance(document, dict):
        raise InputError(path, f"the settings must be a mapping, not {type(document).__name__}", field=prefix or "-")
    fields = {f.name: f for f in dataclasses.fields(kind)}
    hints = typing.get_type_hints(kind)
    unknown = sorted(set(document) - set(fields))
    if unknown:
        raise InputError(path, f"unknown setting (known: {', '.join(fields)})", field=prefix + unknown[0])
    values = {}
    for name, spec in fields.items():
        if name not in document:
            if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                raise InputError(path, "missing setting", field=prefix + name)
            continue
        values[name] = checked(document[name], hints[name], path, prefix + name)
    return kind(**values)


def checked(value, hint, path, name: str):
    """The value, if it has the declared type (a nested settings object is read as one)."""
    options = (
        typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, getattr(__import__("types"), "UnionType", None))
        else (hint,)
    )
    if value is None and type(None) in options:
        return None
    for option in options:
        if dataclasses.is_dataclass(option):
            return typed(value, option, path, prefix=f"{name}.")
        if isinstance(option, type) and isinstance(value, option):
            return value
    expected = " or ".join(getattr(o, "__name__", str(o)) for o in options)
    raise InputError(path, f"must be {expected}, not {type(value).__name__}", field=name)
