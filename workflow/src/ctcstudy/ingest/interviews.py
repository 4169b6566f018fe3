"""Coded leader interviews into tidy tables: leaders, segments, units, codes and coders from one or
more REFI-QDA exports, merged on the text; each interview counted through its primary coder.

Quotes are never tied to a coalition in an output (the study withholds attribution)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ctcstudy.console import notice
from ctcstudy.errors import InputError
from ctcstudy.readers.refiqda import Project, stable_guid

UNIT_BREAK = re.compile(r"(?:\r?\n)[ \t]*(?:\r?\n)+")  # a blank line (LF or CRLF) ends a paragraph


DESCRIPTION = re.compile(r"provenance:\s*(?P<provenance>\w+)\s*;\s*source:\s*(?P<source>.+)")


LEADER_COLUMNS = ["leader", "coalition", "source_guid", "provenance", "source"]


# After ingest the roster also says whose coding of each interview the theme tables count, and
# how many codings a second export of the same project repeated (counted once).
ROSTER_COLUMNS = [*LEADER_COLUMNS, "primary_coder", "exported_twice"]


# No coalition column: a quote and a coalition name never share a row, even in data/processed/.
# Analyses join the leader roster for the coalition and keep only counts and code names.
# start and end count code points of the text the segment's own export holds (text_sha256):
# NVivo for Windows and for Mac export one interview with different line ends.
SEGMENT_COLUMNS = [
    "segment_guid",
    "leader",
    "source_guid",
    "theme",
    "code",
    "code_path",
    "start",
    "end",
    "source_length",
    "text_sha256",
    "coder",
    "text",
    "provenance",
    "source",
]


NO_CODINGS = "none"  # primary_coder of an interview nobody coded


UNIT_COLUMNS = ["source_guid", "text_sha256", "unit", "start", "end"]


MAPPING_COLUMNS = ["interview", "leader", "coalition", "provenance", "source"]


NOT_AN_INTERVIEW = "-"


CASE_VARIABLES = ["coalition", "provenance", "source"]


def read_mapping(path: str | Path) -> pd.DataFrame:
    """A project's mapping file: one row per interview source (its name or GUID in the project)
    -> leader, coalition, provenance and the citation of the source."""
    from ctcstudy.readers.delimited import read_raw_csv

    table = read_raw_csv(path)
    missing = [c for c in MAPPING_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(
            path, f"missing column(s); a mapping file has {', '.join(MAPPING_COLUMNS)}", field=", ".join(missing)
        )
    from ctcstudy.errors import raise_all

    errors = []  # leader "-": a coded source that is not an interview (not read); every empty cell named
    for index, row in table[MAPPING_COLUMNS].iterrows():
        if row["leader"] != NOT_AN_INTERVIEW:
            errors += [
                InputError(path, "empty cell", record=f"line {index + 2}", field=c, line=index + 2)
                for c in MAPPING_COLUMNS
                if pd.isna(row[c])
            ]
    raise_all(errors)
    return table[MAPPING_COLUMNS]


def leaders(project: Project, where: str, mapping: pd.DataFrame | None = None, mapping_path: str = "") -> pd.DataFrame:
    """Interviewed leaders: one row per leader and source, with coalition, provenance and source.

    From the project's mapping file where there is one, else from Case variables (coalition,
    provenance, source) where the cases carry them; else empty (a later export of the same
    texts by another coder needs neither)."""
    if mapping is not None:
        return roster_from_mapping(project, mapping, mapping_path)
    present = [v for v in CASE_VARIABLES if v in project.cases.columns]
    if not present:
        return pd.DataFrame(columns=LEADER_COLUMNS)
    if len(present) < len(CASE_VARIABLES):
        raise InputError(
            where,
            "cases carry some but not all of the variables coalition, provenance, source; "
            "give all three or a mapping file",
            field=", ".join(sorted(set(CASE_VARIABLES) - set(present))),
        )
    cases = project.cases.dropna(subset=CASE_VARIABLES, how="all")
    for variable in CASE_VARIABLES:
        blank = cases[cases[variable].isna()]
        if len(blank):
            raise InputError(
                where,
                "case has no value for a required variable",
                record=f"<Case {blank['case'].iloc[0]}>",
                field=variable,
            )
    roster = cases.merge(project.case_sources, on="case_guid", how="left")
    roster = roster.rename(columns={"case": "leader"})[LEADER_COLUMNS]
    unlinked = roster[roster["source_guid"].isna()]
    if len(unlinked):
        raise InputError(where, "case has no SourceRef", record=f"<Case {unlinked['leader'].iloc[0]}>")
    return roster.astype({c: str for c in CASE_VARIABLES}).reset_index(drop=True)


def roster_from_mapping(project: Project, mapping: pd.DataFrame, path: str) -> pd.DataFrame:
    """Match each mapping row to one source of the project, by GUID or by name."""
    by_guid = dict(zip(project.sources["guid"], project.sources["guid"]))
    if "export_guid" in project.sources:  # after merge_exports: the GUID this export gave the source
        by_guid |= dict(zip(project.sources["export_guid"], project.sources["guid"]))
    by_name = project.sources.groupby("name")["guid"].apply(list).to_dict()
    rows = []
    for line, row in enumerate(mapping.itertuples(index=False), start=2):
        named = by_name.get(row.interview, [])
        guid = by_guid.get(row.interview.lower()) or (named[0] if len(named) == 1 else None)
        if guid is None:
            problem = (
                f"{len(named)} sources of the project are named {row.interview!r}; give the GUID instead"
                if named
                else f"no source named {row.interview!r} (or with that GUID) in {project.path}"
            )
            raise InputError(path, problem, record=f"line {line}", field="interview")
        rows.append(
            {
                "leader": row.leader,
                "coalition": row.coalition,
                "source_guid": guid,
                "provenance": row.provenance,
                "source": row.source,
                "line": line,
            }
        )
    roster = pd.DataFrame(rows, columns=[*LEADER_COLUMNS, "line"])
    repeated = roster[roster["source_guid"].duplicated()]
    if len(repeated):
        raise InputError(path, "source mapped twice", record=f"line {repeated['line'].iloc[0]}", field="interview")
    return roster[LEADER_COLUMNS]


def merge_exports(projects: list[Project]) -> None:
    """Give every source the GUID of the first export holding the same content (SHA-256 of the
    text with line ends as LF, without a byte-order mark), so separate exports of one set of
    interviews, one per coder or one per operating system, count as one set of sources."""
    first: dict[str, str] = {}
    for project in projects:
        project.sources["export_guid"] = project.sources["guid"]
        read = project.sources[project.sources["read"]]
        rename = {guid: first.setdefault(digest, guid) for guid, digest in zip(read["guid"], read["content_sha256"])}

        def merged(guid, rename=rename):
            return rename.get(guid, guid)

        project.segments["source_guid"] = project.segments["source_guid"].map(merged)
        project.case_sources["source_guid"] = project.case_sources["source_guid"].map(merged)
        project.sources["guid"] = project.sources["guid"].map(merged)
        project.texts = {rename.get(g, g): t for g, t in project.texts.items()}


def one_roster(rosters: list[pd.DataFrame], where: str) -> pd.DataFrame:
    """The rosters of all exports, each source's leader given once; a source given two
    different leaders, coalitions or provenances is refused."""
    roster = pd.concat(rosters, ignore_index=True).drop_duplicates().reset_index(drop=True)
    clash = roster[roster["source_guid"].duplicated(keep=False)]
    if len(clash):
        row = clash.iloc[0]
        raise InputError(
            where,
            "the same interview text is given different leaders, coalitions or provenances by two exports",
            record=f"source {row['source_guid']}",
            field="leader",
        )
    return roster


def interviews_only(roster: pd.DataFrame) -> pd.DataFrame:
    """The roster without the sources a mapping file marks as not an interview (leader "-")."""
    return roster[roster["leader"].ne(NOT_AN_INTERVIEW)].reset_index(drop=True)


def segments(project: Project, roster: pd.DataFrame, where: str) -> pd.DataFrame:
    """One row per coding: leader, code, positions, coder, text, provenance, source.

    A selection's description ``provenance: X; source: Y`` wins where present; otherwise the
    segment takes its source's provenance and citation from the roster. Codings of sources a
    mapping file marks as not an interview are left out."""
    table = project.segments.merge(
        roster[["source_guid", "leader", "provenance", "source"]].rename(
            columns={"provenance": "source_provenance", "source": "source_citation"}
        ),
        on="source_guid",
        how="left",
    )
    table["text_sha256"] = table["source_guid"].map(dict(zip(project.sources["guid"], project.sources["text_sha256"])))
    orphan = table[table["leader"].isna()]
    if len(orphan):
        raise InputError(
            where,
            "coded source not linked to any leader; add it to the project's mapping file "
            "(interview, leader, coalition, provenance, source)",
            record=f"<TextSource {orphan['source'].iloc[0]}>",
        )
    parsed = table["description"].str.extract(DESCRIPTION)
    table["provenance"] = parsed["provenance"].fillna(table["source_provenance"])
    table["source"] = parsed["source"].str.strip().fillna(table["source_citation"])
    table["theme"] = table["code_path"].str.split("/").str[0]
    table["code"] = table["code_path"].str.split("/").str[-1]
    return table.loc[table["leader"].ne(NOT_AN_INTERVIEW), SEGMENT_COLUMNS].reset_index(drop=True)


def exported_twice(parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The segments of every export, each coding once: a selection GUID with the same code in an
    earlier export is that coding exported again (two exports of one project stamp it with two
    users), never a second coder agreeing. Returns the segments and the repeats per source."""
    seen: set = set()
    kept, repeats = [], []
    for part in parts:
        keys = list(zip(part["segment_guid"], part["code_path"]))
        again = pd.Series([k in seen for k in keys], index=part.index, dtype=bool)
        kept.append(part[~again])
        repeats.append(part.loc[again, ["source_guid"]])
        seen.update(keys)
    segs = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=SEGMENT_COLUMNS)
    counts = (
        pd.concat(repeats, ignore_index=True).value_counts("source_guid").rename("exported_twice").reset_index()
        if repeats
        else pd.DataFrame(columns=["source_guid", "exported_twice"])
    )
    return segs, counts


def primary_coders(
    roster: pd.DataFrame, segs: pd.DataFrame, projects: list[Project], twice: pd.DataFrame, chosen: dict | None = None
) -> pd.DataFrame:
    """The roster with each interview's primary coder: the coder named for its case or export
    (chosen: source GUID -> (name, refusal if that coder did not code it)), else the first user of
    its own export (the first export holding its text) who coded it, else its first coder in any
    export. Every interview is counted through its own coder, so no coalition's codings vanish."""
    own_users = {}
    for project in projects:
        for guid in project.sources["guid"]:
            own_users.setdefault(guid, project.users["name"].tolist())
    coded = segs.groupby("source_guid")["coder"].unique().to_dict()
    rows = []
    for source in roster["source_guid"]:
        coders = list(coded.get(source, []))
        name, refusal = (chosen or {}).get(source, (None, None))
        if name is not None and name not in coders:
            raise refusal(coders)
        first = name or next((u for u in own_users.get(source, []) if u in coders), coders[0] if coders else NO_CODINGS)
        rows.append(first)
    out = roster.assign(primary_coder=rows)
    out["exported_twice"] = out["source_guid"].map(dict(zip(twice["source_guid"], twice["exported_twice"])))
    return out.fillna({"exported_twice": 0}).astype({"exported_twice": int})[ROSTER_COLUMNS]


def counted(segs: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """The segments the theme tables count: each interview's primary coder's, with the coalition."""
    joined = segs.merge(roster[["source_guid", "coalition", "primary_coder"]], on="source_guid")
    return joined[joined["coder"].eq(joined["primary_coder"])].drop(columns="primary_coder")


# Fields of a segment row beside its quote, and how to stop each from naming the case.
TIED_FIELDS = {
    "source": 'cite the interviews with a key that does not name the case, e.g. fieldwork_1 (README, "Adding a case")',
    "leader": "give the leader a pseudonym that does not name the case",
    "code_path": "rename the code in the qualitative tool and export again",
    "coder": "rename the user in the qualitative tool and export again",
    "provenance": "use published, derived or synthetic",
}


def naming_a_case(segs: pd.DataFrame, case_names: list[str]) -> tuple[str, str, str, int] | None:
    """(field, value, case, rows) of the first field of the segment rows that names a case: every
    row holds a quote, which the study never ties to a coalition, and the leak scan would refuse
    the whole table. Names are compared as the leak scan compares them (case, _ and - ignored)."""
    from ctcstudy.guards.attribution import compiled_names
    from ctcstudy.guards.namematch import fold

    patterns = compiled_names(case_names)
    for field in TIED_FIELDS:
        values = segs[field].dropna().astype(str)
        named = values.map(
            {v: next((c for c, p in patterns.items() if p.search(fold(v))), None) for v in values.unique()}
        )
        if named.notna().any():
            first = named.first_valid_index()
            return field, values[first], named[first], int(named.eq(named[first]).sum())
    return None


def units(texts) -> pd.DataFrame:
    """Paragraph units of every source text (the unit of analysis for reliability): texts maps a
    source GUID to its text, or is a list of (GUID, text) pairs when exports hold one source with
    different line ends. A unit is numbered alike in every variant of its text."""
    import hashlib

    rows = []
    for guid, text in texts.items() if isinstance(texts, dict) else texts:
        digest, start = hashlib.sha256(text.encode("utf-8")).hexdigest(), 0
        for index, match in enumerate([*UNIT_BREAK.finditer(text), None]):
            end = match.start() if match else len(text)
            if text[start:end].strip():
                rows.append({"source_guid": guid, "text_sha256": digest, "unit": index, "start": start, "end": end})
            start = match.end() if match else end
    return pd.DataFrame(rows, columns=UNIT_COLUMNS).drop_duplicates(ignore_index=True)


def codebook_table(codes: pd.DataFrame) -> pd.DataFrame:
    out = codes.assign(theme=codes["path"].str.split("/").str[0])
    return out[["path", "name", "theme", "is_codable", "description"]].rename(columns={"path": "code_path"})


DIFFERENCE_COLUMNS = ["project", "code_path", "found_in"]


def code_differences(project_codes: pd.DataFrame, codebook: pd.DataFrame, project: str) -> pd.DataFrame:
    """Codes (by path) in only one of a project and the scheme's codebook."""
    only_project = sorted(set(project_codes["path"]) - set(codebook["path"]))
    only_codebook = sorted(set(codebook["path"]) - set(project_codes["path"]))
    rows = [(project, p, "project only") for p in only_project] + [(project, p, "codebook only") for p in only_codebook]
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def differences_message(differences: pd.DataFrame, codebook_path: str, shown: int = 3) -> str:
    """One line: how many codes differ each way, and the first few paths."""
    parts = []
    for found_in, label in (("project only", "only in the project"), ("codebook only", f"only in {codebook_path}")):
        paths = differences.loc[differences["found_in"].eq(found_in), "code_path"].tolist()
        if paths:
            more = f", and {len(paths) - shown} more" if len(paths) > shown else ""
            parts.append(f"{len(paths)} {label} ({'; '.join(paths[:shown])}{more})")
    return (
        "project and codebook differ: "
        + ", ".join(parts)
        + "; set code_differences: accept for the coding scheme to accept and list them"
    )


def merged_codes(codebooks: list[pd.DataFrame]) -> pd.DataFrame:
    """Codes by path, first definition kept: the codebook followed by codes it lacks."""
    return pd.concat(codebooks, ignore_index=True).drop_duplicates("path").reset_index(drop=True)


def coders(projects: list[Project], segs: pd.DataFrame) -> pd.DataFrame:
    """Users of every export in order (one row per name), and any coder without a User."""
    table = pd.concat([p.users for p in projects], ignore_index=True)
    table = table.rename(columns={"guid": "coder_guid", "name": "coder"}).drop_duplicates("coder")
    unlisted = sorted(set(segs["coder"]) - set(table["coder"]))
    extra = pd.DataFrame({"coder_guid": [stable_guid("coder", c) for c in unlisted], "coder": unlisted})
    return pd.concat([table, extra], ignore_index=True)


def double_coded_share(segs: pd.DataFrame, n_sources: int) -> float:
    per_source = segs.groupby("source_guid")["coder"].nunique()
    return float((per_source >= 2).sum() / max(n_sources, 1))


# ---------------------------------------------------------------- the six tables from the exports


def interview_tables(
    projects: list[dict],
    codebook_path: str,
    on_differences: str,
    cases_file: str | None = None,
    case_coders: dict | None = None,
    case_names: list[str] | None = None,
) -> dict:
    """Read every export, merge exports of the same texts, check codes against the codebook, and
    give each interview its primary coder. case_coders: coalition -> {id, index, coder} of the
    cases whose primary coder the case list names."""
    import pandas as pd

    from ctcstudy.readers.refiqda import read_codebook, read_qdpx

    read = [read_qdpx(p["file"], p.get("offset_unit")) for p in projects]
    for project in read:
        notice(f"Interviews: {project.path}: positions read as {project.offset_unit} ({project.unit_reason})")
        for warning in project.warnings:
            notice(f"Warning: {warning}")
    merge_exports(read)  # first: every roster then names sources by their merged GUID
    rosters = [
        leaders(
            project,
            spec["file"],
            read_mapping(spec["mapping"]) if spec.get("mapping") else None,
            spec.get("mapping", ""),
        )
        for project, spec in zip(read, projects)
    ]
    roster = one_roster(rosters, ", ".join(p["file"] for p in projects))
    coded, twice = exported_twice([segments(project, roster, spec["file"]) for project, spec in zip(read, projects)])
    skipped = set(roster["source_guid"]) - set(interviews_only(roster)["source_guid"])
    if skipped:
        notice(f"Warning: {len(skipped)} coded source(s) marked '-' (not an interview) in a mapping file are not read")
    roster = interviews_only(roster)
    chosen = chosen_coders(projects, read, roster, case_coders or {}, cases_file)
    roster = primary_coders(roster, coded, read, twice, chosen)
    refuse_case_names(coded, case_names or [], projects)
    if codebook_path == "project":
        codes, differences = merged_codes([p.codes for p in read]), None
    else:
        codebook = read_codebook(codebook_path)
        differences = pd.concat(
            [code_differences(p.codes, codebook, spec["file"]) for p, spec in zip(read, projects)], ignore_index=True
        )
        if len(differences) and on_differences != "accept":
            raise InputError(
                projects[0]["file"] if len(projects) == 1 else ", ".join(p["file"] for p in projects),
                differences_message(differences, codebook_path),
                record="<CodeBook>",
            )
        codes = merged_codes([codebook, *(p.codes for p in read)])
    interviewed = set(roster["source_guid"])
    texts = [(guid, text) for project in read for guid, text in project.texts.items() if guid in interviewed]
    return {
        "interview_segments": coded,
        "interview_leaders": roster,
        "interview_coders": coders(read, coded),
        "interview_units": units(texts),
        "interview_codes": codebook_table(codes),
        "interview_code_differences": differences
        if differences is not None
        else pd.DataFrame(columns=DIFFERENCE_COLUMNS),
    }


def refuse_case_names(segments, case_names: list[str], projects: list[dict]) -> None:
    """Refuse segment rows whose citation, leader, code or coder names a case, naming the field,
    where it was given (the mapping file and line where it comes from one) and the fix."""
    from ctcstudy.readers.delimited import read_raw_csv

    found = naming_a_case(segments, case_names)
    if not found:
        return
    field, value, case, rows = found
    where, line = ", ".join(p["file"] for p in projects), None
    for spec in projects:
        if spec.get("mapping") and field in ("source", "leader"):
            mapping = read_raw_csv(spec["mapping"])
            hits = mapping.index[mapping[field].astype(str).eq(value)] if field in mapping else []
            if len(hits):
                where, line = spec["mapping"], int(hits[0]) + 2
                break
    raise InputError(
        where,
        f"{value!r} names the case {case!r} and would sit beside {rows} quote(s) (no quote is "
        f"tied to a coalition); {TIED_FIELDS[field]}",
        field=field,
        line=line,
    )


def chosen_coders(projects: list[dict], read: list, roster, case_coders: dict, cases_file: str | None) -> dict:
    """Source GUID -> (coder, refusal) where the case list names a primary coder: for the
    interview's case (cases: primary_coder), else for its own export (interview_projects)."""
    from ctcstudy.configuration.caselist import line_of

    own: dict[str, dict] = {}
    for spec, project in zip(projects, read):
        for guid in project.sources["guid"]:
            own.setdefault(guid, spec)
    chosen = {}
    for leader, coalition, source in zip(roster["leader"], roster["coalition"], roster["source_guid"]):
        case, spec = case_coders.get(coalition), own.get(source, {})
        if case:
            name, record, keys = case["coder"], f"case {case['id']}", ["cases", case["index"], "primary_coder"]
        elif spec.get("primary_coder"):
            name, record = spec["primary_coder"], f"interview_projects.{spec['file']}"
            keys = ["interview_projects", spec["file"], "primary_coder"]
        else:
            continue

        def refusal(coders, name=name, record=record, keys=keys, leader=leader):
            where = cases_file or "config/cases.yaml"
            return InputError(
                where,
                f"{name!r} coded nothing in the interview of {leader!r} (its coders: "
                f"{', '.join(coders) or 'none'}); name one of them, or remove primary_coder to count "
                "the first coder of the interview's own export",
                record=record,
                field="primary_coder",
                line=line_of(where, keys) if cases_file else None,
            )

        chosen[source] = (name, refusal)
    return chosen
