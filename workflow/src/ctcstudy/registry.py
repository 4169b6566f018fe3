"""The output registry (workflow/registry.yaml): titles with what their records rest on, and the
README's list of outputs."""

from __future__ import annotations

from pathlib import Path

import yaml


def titles(registry: str | Path) -> dict[str, str]:
    """Output id -> title, from the registry of tables and figures, each followed by what its
    records say about it (" [SYNTHETIC records]", or which cases' records are synthetic), computed
    from the records that enter it (paths relative to the project, the registry's grandparent)."""
    from ctcstudy.provenance import of_output, title_suffix

    root = Path(registry).resolve().parents[1]
    with open(registry, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["outputs"]
    return {e["id"]: e["title"] + title_suffix(of_output(e, root)) for e in entries}


def outputs_markdown(registry: str | Path) -> str:
    """The README's list of tables and figures, generated from the registry."""
    with open(registry, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["outputs"]
    lines = ["| id | title | rule | notebook | output |", "|---|---|---|---|---|"]
    lines += [f"| `{e['id']}` | {e['title']} | `{e['rule']}` | `{e['notebook']}` | `{e['path']}` |" for e in entries]
    return "\n".join(lines) + "\n"
