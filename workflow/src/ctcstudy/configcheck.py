"""Validate a configuration document against its JSON schema, naming file, record and field."""

from __future__ import annotations

import re
from pathlib import Path

from .caselist import load_yaml
from .errors import InputError


def validate(document: dict, schema_path: str | Path, where: str) -> None:
    import jsonschema

    schema = load_yaml(schema_path)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    if not errors:
        return
    error = errors[0]
    path = [str(p) for p in error.path]
    unexpected = re.findall(r"'([^']+)' (?:was|were) unexpected", error.message)
    field = unexpected[0] if unexpected else (path[-1] if path else "-")
    record = "/".join(path if unexpected else path[:-1]) or "top level"
    raise InputError(where, error.message, record=record, field=field)
