"""What a REFI-QDA export holds and what the pipeline will make of it (``inspect-qdpx``).

A user runs it before building: which tool wrote the file, the unit its positions are read
in, the sources by kind, the codes with their depth and number of coded selections, users,
cases and variables, and what will be used or skipped. It can also write the mapping file
to fill in (one row per coded text source).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ctcstudy.ingest.interviews import (
    CASE_VARIABLES,  # the case variables that can name leaders
)
from ctcstudy.readers import positions
from ctcstudy.readers.refiqda import Project


def summary(project: Project) -> dict:
    """The report as plain data (the --json output)."""
    segs = project.segments
    per_code = segs.groupby("code_path")["segment_guid"].nunique()
    coded_sources = set(segs["source_guid"])
    case_variables = [v for v in CASE_VARIABLES if v in project.cases.columns]
    sources = [
        {
            "name": s.name,
            "kind": s.kind,
            "guid": s.guid,
            "codings": int(s.codings),
            "read": bool(s.read),
            "coded_segments": int(segs["source_guid"].eq(s.guid).sum()),
        }
        for s in project.sources.itertuples()
    ]
    return {
        "file": project.path,
        "origin": project.origin,
        "offset_unit": positions.UTF16 if project.offset_unit == positions.UTF16 else positions.CODEPOINT,
        "crlf_counted_as": 1 if project.offset_unit == positions.CODEPOINT_CRLF_AS_ONE else 2,
        "unit_reason": project.unit_reason,
        "sources": sources,
        "codes": [
            {
                "path": c.path,
                "depth": c.path.count("/") + 1,
                "codable": bool(c.is_codable),
                "selections": int(per_code.get(c.path, 0)),
            }
            for c in project.codes.itertuples()
        ],
        "segments": [
            {
                "source": r.source,
                "code_path": r.code_path,
                "start": int(r.start),
                "end": int(r.end),
                "text": r.text,
                "coder": r.coder,
            }
            for r in segs.itertuples()
        ],
        "users": project.users["name"].tolist(),
        "cases": [
            {k: v for k, v in row.items() if v == v and v is not None}  # drop missing values
            for row in project.cases.to_dict("records")
        ],
        "variables": project.variables[["name", "type"]].to_dict("records"),
        "sets": sorted(set(project.sets["set"])),
        "will_use": {
            "text sources with coded segments": len(coded_sources),
            "coded segments": len(segs),
            "leaders from": (
                "case variables coalition, provenance, source"
                if len(case_variables) == 3
                else "a mapping file (the cases do not carry coalition, provenance and source)"
            ),
        },
        "coders": coders(project),
        "will_skip": project.warnings
        + [
            f"uncoded {s.kind} source {s.name!r}: no codings, so not used"
            for s in project.sources.itertuples()
            if s.read and s.guid not in coded_sources
        ],
        "warnings": []
        if len(segs)
        else [
            "this export holds no codings: it adds nothing to the theme tables (exported "
            "before coding, or from another copy of the project?)"
        ],
    }


def coders(project: Project) -> dict:
    """Who the build takes as coder (a Coding's creatingUser, else its selection's) and whose coding
    of each interview the theme tables count (the first user of this export who coded it)."""
    segs = project.segments
    per_coder = segs.groupby("coder")["segment_guid"].size()
    users = [*project.users["name"], *sorted(set(segs["coder"]) - set(project.users["name"]))]
    primary: dict[str, int] = {}
    for _, part in segs.groupby("source_guid"):
        first = next(u for u in users if u in set(part["coder"]))
        primary[first] = primary.get(first, 0) + 1
    return {"codings": {u: int(per_coder[u]) for u in users if u in per_coder}, "primary": primary}


def text(report: dict) -> str:
    """The report for people."""
    kinds: dict[str, int] = {}
    for source in report["sources"]:
        kinds[source["kind"]] = kinds.get(source["kind"], 0) + 1
    unit = ("UTF-16 code units" if report["offset_unit"] == positions.UTF16 else "code points") + (
        ", CRLF counted as one" if report["crlf_counted_as"] == 1 else ""
    )
    lines = [
        f"{report['file']}",
        f"  tool (origin): {report['origin'] or 'not given'}",
        f"  positions: {unit} ({report['unit_reason']})",
        f"  sources: {', '.join(f'{n} {k}' for k, n in sorted(kinds.items())) or 'none'}",
        f"  codes: {len(report['codes'])} (deepest level {max((c['depth'] for c in report['codes']), default=0)}), "
        f"{len(report['segments'])} coded segments",
        f"  users: {', '.join(report['users']) or 'none'}",
        f"  cases: {len(report['cases'])}; variables: "
        + (", ".join(f"{v['name']} ({v['type']})" for v in report["variables"]) or "none"),
        f"  sets: {', '.join(report['sets']) or 'none'}",
        "  will use: " + "; ".join(f"{k}: {v}" for k, v in report["will_use"].items()),
    ]
    codings = report["coders"]["codings"]
    lines.append(
        "  coders (the creator of each Coding, as the build reads it): "
        + (", ".join(f"{u} ({n} coding{'' if n == 1 else 's'})" for u, n in codings.items()) or "none")
    )
    lines.append(
        "  theme tables count (unless primary_coder is set for the case or export): "
        + (", ".join(f"{u} for {n} source(s)" for u, n in report["coders"]["primary"].items()) or "nobody")
    )
    lines += [f"  will skip: {w}" for w in report["will_skip"]] or ["  will skip: nothing"]
    lines += ["  codes:"] + [
        f"    {'  ' * (c['depth'] - 1)}{c['path'].split('/')[-1]}: {c['selections']}" for c in report["codes"]
    ]
    lines += [f"  warning: {w}" for w in report["warnings"]]  # last: what a user must not miss
    return "\n".join(lines) + "\n"


def as_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"


def mapping_template(project: Project) -> str:
    """A mapping file to fill in: one row per text source that carries codings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["interview", "leader", "coalition", "provenance", "source"])
    coded = set(project.segments["source_guid"])
    names = project.sources["name"].value_counts()
    for source in project.sources.itertuples():
        if source.guid in coded:  # a name shared by two sources cannot identify one: use the GUID
            writer.writerow([source.name if names[source.name] == 1 else source.guid, "", "", "", ""])
    return out.getvalue()


def write_mapping_template(project, out: Path) -> None:
    """The mapping file to fill in, written only over new-case's untouched starter (never over an edit)."""
    from ctcstudy.errors import InputError
    from ctcstudy.ingest.interviews import MAPPING_COLUMNS
    from ctcstudy.writers import atomic_write

    starter = ",".join(MAPPING_COLUMNS) + "\n"
    if out.exists() and out.read_text(encoding="utf-8", errors="replace") != starter:
        raise InputError(out, "file exists and has been edited; not overwritten (choose another name or remove it)")
    atomic_write(out, mapping_template(project))
