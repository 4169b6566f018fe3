"""Validate a configuration document against its JSON schema, naming file, record and field."""

from __future__ import annotations

import re
from pathlib import Path

from ctcstudy.configuration.caselist import line_of, load_yaml
from ctcstudy.errors import InputError

VALIDATED = Path("data/interim/settings")  # a stamp per document and schema found valid


def validate(document: dict, schema: dict | str | Path, where: str, remember: bool = False) -> None:
    """schema: the schema itself, or the file holding it. remember: skip a document and schema
    found valid before (a stamp named by their hash; jsonschema costs a tenth of a no-op build)."""
    schema = schema if isinstance(schema, dict) else load_yaml(schema)
    stamp = None
    if remember:
        import hashlib
        import json

        key = hashlib.sha256(json.dumps([document, schema], sort_keys=True, default=str).encode()).hexdigest()
        stamp = VALIDATED / f"valid-{key[:20]}"
        if stamp.is_file():
            return
    check(document, schema, where)
    if stamp:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()


def check(document: dict, schema: dict, where: str) -> None:
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    if not errors:
        return
    error = errors[0]
    path = [str(p) for p in error.path]
    unexpected = re.findall(r"'([^']+)' (?:was|were) unexpected", error.message)
    field = unexpected[0] if unexpected else (path[-1] if path else "-")
    record = "/".join(path if unexpected else path[:-1]) or "top level"
    keys = [*error.path, unexpected[0]] if unexpected else list(error.path)
    raise InputError(
        where,
        MOVED.get(tuple(keys), error.message),
        record=record,
        field=field,
        line=line_of(where, keys) if Path(where).is_file() else None,
    )


# Settings that moved: the refusal says where they are now.
MOVED = {
    ("interviews", "primary_coder"): "primary_coder moved to config/cases.yaml, per case (cases: - primary_coder) "
    "or per export (interview_projects): each interview counts through its own export's first coder unless set"
}
