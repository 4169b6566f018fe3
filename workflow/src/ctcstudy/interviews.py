"""Coded leader interviews: tidy tables from a REFI-QDA project, cross-case theme tables,
derived absences and intercoder reliability.

Quotes are never tied to a coalition in an output (the study withholds attribution): the
tables here carry counts and code names only.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .refiqda import Project, stable_guid

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
SEGMENT_COLUMNS = ["segment_guid", "leader", "source_guid", "theme", "code", "code_path",
                   "start", "end", "source_length", "text_sha256", "coder", "text", "provenance", "source"]
NO_CODINGS = "none"  # primary_coder of an interview nobody coded
UNIT_COLUMNS = ["source_guid", "text_sha256", "unit", "start", "end"]


MAPPING_COLUMNS = ["interview", "leader", "coalition", "provenance", "source"]
NOT_AN_INTERVIEW = "-"
CASE_VARIABLES = ["coalition", "provenance", "source"]


def read_mapping(path: str | Path) -> pd.DataFrame:
    """A project's mapping file: one row per interview source (its name or GUID in the project)
    -> leader, coalition, provenance and the citation of the source."""
    from .tidy import read_raw_csv

    table = read_raw_csv(path)
    missing = [c for c in MAPPING_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(path, f"missing column(s); a mapping file has {', '.join(MAPPING_COLUMNS)}",
                         field=", ".join(missing))
    from .errors import raise_all

    errors = []  # leader "-": a coded source that is not an interview (not read); every empty cell named
    for index, row in table[MAPPING_COLUMNS].iterrows():
        if row["leader"] != NOT_AN_INTERVIEW:
            errors += [InputError(path, "empty cell", record=f"line {index + 2}", field=c, line=index + 2)
                       for c in MAPPING_COLUMNS if pd.isna(row[c])]
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
        raise InputError(where, "cases carry some but not all of the variables coalition, provenance, source; "
                         "give all three or a mapping file", field=", ".join(sorted(set(CASE_VARIABLES) - set(present))))
    cases = project.cases.dropna(subset=CASE_VARIABLES, how="all")
    for variable in CASE_VARIABLES:
        blank = cases[cases[variable].isna()]
        if len(blank):
            raise InputError(where, "case has no value for a required variable", record=f"<Case {blank['case'].iloc[0]}>",
                             field=variable)
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
            problem = (f"{len(named)} sources of the project are named {row.interview!r}; give the GUID instead"
                       if named else f"no source named {row.interview!r} (or with that GUID) in {project.path}")
            raise InputError(path, problem, record=f"line {line}", field="interview")
        rows.append({"leader": row.leader, "coalition": row.coalition, "source_guid": guid,
                     "provenance": row.provenance, "source": row.source, "line": line})
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
        project.segments["source_guid"] = project.segments["source_guid"].map(lambda g: rename.get(g, g))
        project.case_sources["source_guid"] = project.case_sources["source_guid"].map(lambda g: rename.get(g, g))
        project.sources["guid"] = project.sources["guid"].map(lambda g: rename.get(g, g))
        project.texts = {rename.get(g, g): t for g, t in project.texts.items()}


def one_roster(rosters: list[pd.DataFrame], where: str) -> pd.DataFrame:
    """The rosters of all exports, each source's leader given once; a source given two
    different leaders, coalitions or provenances is refused."""
    roster = pd.concat(rosters, ignore_index=True).drop_duplicates().reset_index(drop=True)
    clash = roster[roster["source_guid"].duplicated(keep=False)]
    if len(clash):
        row = clash.iloc[0]
        raise InputError(where, "the same interview text is given different leaders, coalitions or provenances by "
                         "two exports", record=f"source {row['source_guid']}", field="leader")
    return roster


def interviews_only(roster: pd.DataFrame) -> pd.DataFrame:
    """The roster without the sources a mapping file marks as not an interview (leader "-")."""
    return roster[roster["leader"].ne(NOT_AN_INTERVIEW)].reset_index(drop=True)


def segments(project: Project, roster: pd.DataFrame, where: str) -> pd.DataFrame:
    """One row per coding: leader, code, positions, coder, text, provenance, source.

    A selection's description ``provenance: X; source: Y`` wins where present; otherwise the
    segment takes its source's provenance and citation from the roster. Codings of sources a
    mapping file marks as not an interview are left out."""
    table = project.segments.merge(roster[["source_guid", "leader", "provenance", "source"]].rename(
        columns={"provenance": "source_provenance", "source": "source_citation"}), on="source_guid", how="left")
    table["text_sha256"] = table["source_guid"].map(dict(zip(project.sources["guid"], project.sources["text_sha256"])))
    orphan = table[table["leader"].isna()]
    if len(orphan):
        raise InputError(where, "coded source not linked to any leader; add it to the project's mapping file "
                         "(interview, leader, coalition, provenance, source)", record=f"<TextSource {orphan['source'].iloc[0]}>")
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
    counts = pd.concat(repeats, ignore_index=True).value_counts("source_guid").rename("exported_twice").reset_index() \
        if repeats else pd.DataFrame(columns=["source_guid", "exported_twice"])
    return segs, counts


def primary_coders(roster: pd.DataFrame, segs: pd.DataFrame, projects: list[Project], twice: pd.DataFrame,
                   chosen: dict | None = None) -> pd.DataFrame:
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
    "source": "cite the interviews with a key that does not name the case, e.g. fieldwork_1 (README, "
              "\"Adding a case\")",
    "leader": "give the leader a pseudonym that does not name the case",
    "code_path": "rename the code in the qualitative tool and export again",
    "coder": "rename the user in the qualitative tool and export again",
    "provenance": "use published, derived or synthetic",
}


def naming_a_case(segs: pd.DataFrame, case_names: list[str]) -> tuple[str, str, str, int] | None:
    """(field, value, case, rows) of the first field of the segment rows that names a case: every
    row holds a quote, which the study never ties to a coalition, and the leak scan would refuse
    the whole table. Names are compared as the leak scan compares them (case, _ and - ignored)."""
    from .attribution import compiled_names
    from .namematch import fold

    patterns = compiled_names(case_names)
    for field in TIED_FIELDS:
        values = segs[field].dropna().astype(str)
        named = values.map({v: next((c for c, p in patterns.items() if p.search(fold(v))), None) for v in values.unique()})
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
    for guid, text in (texts.items() if isinstance(texts, dict) else texts):
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
    return ("project and codebook differ: " + ", ".join(parts)
            + "; set code_differences: accept for the coding scheme to accept and list them")


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


# ---------------------------------------------------------------- cross-case tables


def code_matrix(segs: pd.DataFrame, roster: pd.DataFrame, codes: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """Codable codes by coalition: coded segments and distinct leaders, each interview counted
    through its own primary coder (roster primary_coder)."""
    own = counted(segs.drop(columns="text"), roster)
    codable = codes[codes["is_codable"]]
    table = codable[["theme", "code_path"]].reset_index(drop=True)
    for coalition in coalitions:
        here = own[own["coalition"].eq(coalition)].groupby("code_path")
        table[f"{coalition}: segments"] = table["code_path"].map(here.size()).fillna(0).astype(int)
        table[f"{coalition}: leaders"] = table["code_path"].map(here["leader"].nunique()).fillna(0).astype(int)
    table["all: segments"] = table[[f"{c}: segments" for c in coalitions]].sum(axis=1)
    table["all: leaders"] = table["code_path"].map(own.groupby("code_path")["leader"].nunique()).fillna(0).astype(int)
    return table


def interviewed(matrix: pd.DataFrame, coalitions: list[str]) -> list[str]:
    """The coalitions with coded interviews; the others' cells say 'not reported'."""
    return [c for c in coalitions if matrix[f"{c}: leaders"].sum() > 0]


def theme_comparison(matrix: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """Hopes, fears, challenges, practices: which codes occur in each coalition."""
    rows, heard = [], interviewed(matrix, coalitions)
    for theme, part in matrix.groupby("theme", sort=False):
        cells = {c: ("; ".join(p.split("/")[-1] for p in part.loc[part[f"{c}: segments"] > 0, "code_path"]) or "none")
                 if c in heard else "not reported (no coded interviews)" for c in coalitions}
        rows.append({"theme": theme, **cells})
    return pd.DataFrame(rows, columns=["theme", *coalitions])


def by_study(coalitions: list[str], studies: dict[str, str] | None) -> dict[str, list[str]]:
    """Study -> its coalitions, in case order: a publication's claims are computed on the cases
    it studied, so a case added later never changes them; a new case is a study of its own."""
    grouped: dict[str, list[str]] = {}
    for coalition in coalitions:
        grouped.setdefault((studies or {}).get(coalition, "all"), []).append(coalition)
    return grouped


def absences(matrix: pd.DataFrame, codes: pd.DataFrame, coalitions: list[str],
             studies: dict[str, str] | None = None) -> pd.DataFrame:
    """Codes with no coded segment in the coalitions of a study (derived, not typed in): one row
    per code absent in some study, one status column per study."""
    groups = by_study(coalitions, studies)
    status = {}
    for study, members in groups.items():
        heard = interviewed(matrix, members)  # a coalition without interviews shows no absence
        total = matrix[[f"{c}: segments" for c in heard]].sum(axis=1) if heard else pd.Series(1, index=matrix.index)
        status[study] = pd.Series(
            [f"absent in all {len(heard)} coalitions" + (" with coded interviews" if len(heard) < len(members) else "")
             if n == 0 else f"coded in {sum(matrix.loc[i, f'{c}: segments'] > 0 for c in heard)} of {len(heard)} "
             "coalitions" for i, n in total.items()], index=matrix.index) if heard else None
    absent = pd.Series(False, index=matrix.index)
    for study, column in status.items():
        if column is not None:
            absent |= column.str.startswith("absent")
    rows = matrix.loc[absent, ["code_path"]].merge(codes[["code_path", "description"]], on="code_path", how="left")
    for study, column in status.items():
        rows[study] = column[absent].tolist() if column is not None else "no coded interviews"
    return rows.reset_index(drop=True)


def overview(roster: pd.DataFrame, segs: pd.DataFrame, studies: dict[str, str] | None = None) -> pd.DataFrame:
    """The interviews at a glance, one column per study (its own cases only)."""
    columns = {}
    for study, members in by_study(list(dict.fromkeys(roster["coalition"])), studies).items():
        own = roster[roster["coalition"].isin(members)]
        mine = segs[segs["source_guid"].isin(own["source_guid"])]
        per_coalition = own.groupby("coalition")["leader"].nunique()
        used = counted(mine, own)
        columns[study] = [own["leader"].nunique(), own["coalition"].nunique(),
                          f"{per_coalition.min()}-{per_coalition.max()}",
                          "; ".join(dict.fromkeys(own.loc[own["primary_coder"].ne(NO_CODINGS), "primary_coder"])) or "none",
                          len(used), len(mine) - len(used), int(own["exported_twice"].sum()), mine["coder"].nunique(),
                          f"{double_coded_share(mine, own['source_guid'].nunique()):.2f}"]
    measures = ["leaders interviewed", "coalitions", "leaders per coalition", "primary coders",
                "coded segments counted (each interview's primary coder)",
                "coded segments of second coders (reliability only)",
                "codings exported twice (same selection GUID, counted once)", "coders",
                "share of interviews double-coded"]
    return pd.DataFrame({"measure": measures, **columns}).astype(str)


# ---------------------------------------------------------------- intercoder reliability


def presence(segs: pd.DataFrame, unit_table: pd.DataFrame, code_path: str) -> pd.DataFrame:
    """Coder x unit matrix: 1 if the coder applied the code to a span overlapping the unit, 0 if
    not, NaN if the coder did not code that source."""
    coders = sorted(segs["coder"].unique())
    units = unit_table[["source_guid", "unit"]].drop_duplicates(ignore_index=True)
    position = {key: i for i, key in enumerate(units.itertuples(index=False, name=None))}
    matrix = pd.DataFrame(np.nan, index=coders, columns=range(len(units)))
    for coder in coders:
        coded_sources = set(segs.loc[segs["coder"].eq(coder), "source_guid"])
        matrix.loc[coder, units.index[units["source_guid"].isin(coded_sources)]] = 0.0
    # Overlap is found in the text the segment's positions count in; the unit it falls in is
    # the same in every export's variant of that text.
    hits = segs.loc[segs["code_path"].eq(code_path), ["coder", "source_guid", "text_sha256", "start", "end"]]
    pairs = hits.merge(unit_table, on=["source_guid", "text_sha256"], suffixes=("", "_unit"))
    pairs = pairs[(pairs["start"] < pairs["end_unit"]) & (pairs["end"] > pairs["start_unit"])]
    for coder, source, unit in pairs[["coder", "source_guid", "unit"]].drop_duplicates().itertuples(index=False):
        matrix.loc[coder, position[(source, unit)]] = 1.0
    return matrix


def alpha(data: np.ndarray) -> float:
    """Krippendorff's alpha, nominal; NaN when every value is the same (alpha undefined)."""
    import krippendorff

    values = data[~np.isnan(data)]
    if len(np.unique(values)) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def coincidences(data: np.ndarray) -> np.ndarray:
    """Per-unit coincidence matrices (units x values x values) of nominal coder x unit data.

    Krippendorff's alpha sums these over units, so a bootstrap resample is a weighted sum
    and all resamples are one matrix product (the same numbers as calling alpha per resample).
    """
    values = np.unique(data[~np.isnan(data)])
    counts = np.stack([(data == v).sum(axis=0) for v in values], axis=1).astype(float)  # units x values
    pairable = counts.sum(axis=1)
    scale = np.divide(1.0, pairable - 1, out=np.zeros_like(pairable), where=pairable >= 2)
    return counts[:, :, None] * (counts[:, None, :] - np.eye(len(values))) * scale[:, None, None]


def alpha_from_coincidences(matrix: np.ndarray) -> np.ndarray:
    """Nominal alpha from summed coincidence matrices (..., values, values); NaN where undefined."""
    n_value = matrix.sum(axis=-1)
    n = n_value.sum(axis=-1)
    observed = matrix.sum(axis=(-2, -1)) - np.trace(matrix, axis1=-2, axis2=-1)
    expected = n ** 2 - (n_value ** 2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * observed / expected, np.nan)


def bootstrap(data: np.ndarray, samples: int, seed: int) -> tuple[float, float]:
    """95% percentile interval of alpha over units resampled with replacement."""
    rng = np.random.default_rng(seed)
    units = data.shape[1]
    draws = rng.integers(0, units, (samples, units))  # the same stream as one draw per resample
    weights = np.bincount((draws + units * np.arange(samples)[:, None]).ravel(),
                          minlength=samples * units).reshape(samples, units)
    per_unit = coincidences(data)
    summed = (weights @ per_unit.reshape(units, -1)).reshape(samples, *per_unit.shape[1:])
    found = alpha_from_coincidences(summed)
    found = found[~np.isnan(found)]
    return (float("nan"), float("nan")) if found.size == 0 else tuple(np.percentile(found, [2.5, 97.5]))


def assessment(value: float) -> str:
    if np.isnan(value):
        return "undefined (no variation in the double-coded units)"
    return "reliable" if value >= 0.800 else "tentative" if value >= 0.667 else "below 0.667"


def reliability(segs: pd.DataFrame, unit_table: pd.DataFrame, codes: pd.DataFrame,
                samples: int, seed: int) -> pd.DataFrame:
    """Alpha per codable code over the paragraph units of the double-coded sources."""
    coders_per_source = segs.groupby("source_guid")["coder"].nunique()
    double = coders_per_source[coders_per_source >= 2].index
    shared = unit_table[unit_table["source_guid"].isin(double)].reset_index(drop=True)
    share = double_coded_share(segs, unit_table["source_guid"].nunique())
    n_units = len(shared[["source_guid", "unit"]].drop_duplicates())
    columns = ["code_path", "alpha", "ci_low", "ci_high", "units", "coders", "double_coded_share", "assessment"]
    if shared.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for offset, code_path in enumerate(codes.loc[codes["is_codable"], "code_path"]):
        data = presence(segs[segs["source_guid"].isin(double)], shared, code_path).to_numpy()
        value = alpha(data)
        low, high = bootstrap(data, samples, seed + offset) if not np.isnan(value) else (np.nan, np.nan)
        rows.append({"code_path": code_path, "alpha": round(value, 3), "ci_low": round(low, 3), "ci_high": round(high, 3),
                     "units": n_units, "coders": data.shape[0], "double_coded_share": round(share, 2),
                     "assessment": assessment(value)})
    return pd.DataFrame(rows, columns=columns)
