"""Compare every regenerated value with the published one.

Statuses: match, mismatch (reported, never hidden), synthetic (regenerated from synthetic
records, so agreement verifies nothing), not_reproducible (no data in the package to
regenerate the value).
"""

from __future__ import annotations

import pandas as pd

from ctcstudy.verify.bases import CROSS_CHECKS, OTHER_BASES, STATUSES, lead_sentence
from ctcstudy.writers import latex_escape

# basis: what a status rests on (published.CLAIM_COLUMNS), cross-checks first: internal
# cross-check (computed from other published values), external check (data outside the
# publication), derived (records typed from this very value: consistency only), synthetic
# (generated records: agreement verifies nothing), unknown.
BASES = CROSS_CHECKS + OTHER_BASES  # the order every summary shows them in (report)
RESULT_COLUMNS = [
    "claim_id",
    "publication",
    "source",
    "citation",
    "cites",
    "output",
    "row",
    "column",
    "published",
    "regenerated",
    "status",
    "basis",
    "basis_why",
    "note",
]


def lookup(table: pd.DataFrame, row: str, column: str) -> str | None:
    """The cell at (row key in the first column, column), or None when absent."""
    if column not in table.columns:
        return None
    hits = table.loc[table.iloc[:, 0].astype(str).eq(row), column]
    return None if hits.empty else str(hits.iloc[0])


def agrees(published: str, regenerated: str, tolerance: str, tolerances: dict) -> bool:
    """Exact text, or numbers within the claim's tolerance (see published.CLAIM_COLUMNS)."""
    if not tolerance:
        return regenerated == published
    try:
        pub, reg = float(published), float(regenerated)
    except ValueError:
        return False
    if tolerance == "more_than":
        return reg > pub
    if tolerance not in tolerances:
        raise KeyError(f"tolerance {tolerance!r} is not defined in config verification.tolerances")
    limit = tolerances[tolerance] * (abs(pub) if tolerance == "about_relative" else 1)
    return abs(reg - pub) <= limit


def check(
    claim: pd.Series, outputs: dict[str, pd.DataFrame], provenance: dict[str, str], tolerances: dict | None = None
) -> tuple[str, str, str]:
    """(regenerated, status, why) for one claim."""
    if not claim["output"]:
        return "", "not_reproducible", "no output of the pipeline regenerates this value"
    if claim["output"] not in outputs:
        return "", "not_reproducible", f"output {claim['output']} was not built"
    value = lookup(outputs[claim["output"]], claim["row"], claim["column"])
    if value is None:
        return "", "not_reproducible", f"{claim['output']} has no cell ({claim['row']}, {claim['column']})"
    if kind_of(provenance.get(claim["output"]), claim) == "synthetic":
        return value, "synthetic", "regenerated from synthetic records calibrated to published aggregates"
    tolerance = claim.get("tolerance", "")
    matched = agrees(claim["published"], value, tolerance, tolerances or {})
    why = f"within tolerance {tolerance} = {(tolerances or {}).get(tolerance, '')}".rstrip(" =") if tolerance else ""
    return value, ("match" if matched else "mismatch"), why


def kind_of(prov, claim: pd.Series) -> str | None:
    """The provenance of the records behind one claimed cell: its case's (by row or column) where
    the output knows it per case, else the output's. prov: a provenance.Provenance or a string."""
    if prov is None or isinstance(prov, str):
        return prov
    for case in (claim["row"], claim["column"]):
        if case in prov.by_case:
            return prov.by_case[case]
    return prov.overall


def basis(claim: pd.Series, status: str) -> tuple[str, str]:
    """(basis, why): the recorded basis, unless the value was regenerated from synthetic records."""
    if status == "synthetic":
        return "synthetic", "regenerated from generated records, so agreement verifies nothing"
    return claim.get("basis") or "unknown", claim.get("basis_why") or "no basis recorded"


def citation(claim: pd.Series, refs: dict) -> str:
    """The source as a reader cites it: short reference and locator (and the work it quotes)."""
    from ctcstudy.report.references import POINTER

    match = POINTER.match(claim["source"])
    ref = refs.get(match.group("key")) if match else None
    text = f"{ref.short}, {match.group('locator')}" if ref else claim["source"]
    quoted = refs.get(claim.get("cites", ""))
    return f"{text}, citing {quoted.short}" if quoted else text


def verify(
    claims: pd.DataFrame,
    outputs: dict[str, pd.DataFrame],
    provenance: dict[str, str],
    corrections: pd.DataFrame | None = None,
    tolerances: dict | None = None,
    refs: dict | None = None,
) -> pd.DataFrame:
    """One row per claim: published, regenerated, status, basis and a note explaining any difference."""
    from ctcstudy.report.references import key_of

    corrected = set() if corrections is None else set(corrections["coalition"])
    rows = []
    for _, claim in claims.iterrows():
        regenerated, status, why = check(claim, outputs, provenance, tolerances)
        notes = [n for n in (claim["note"], why) if n]
        if (
            corrections is not None
            and len(corrections)
            and claim["output"]
            and (claim["row"] in corrected or claim["column"] in corrected)
        ):
            ids = ", ".join(sorted(set(corrections["correction_id"])))
            notes.append(f"correction {ids} applied to this coalition's answers (config corrections.apply)")
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "publication": key_of(claim["source"]) or "",
                "source": claim["source"],
                "citation": citation(claim, refs or {}),
                "cites": claim.get("cites", ""),
                "output": claim["output"],
                "row": claim["row"],
                "column": claim["column"],
                "published": claim["published"],
                "regenerated": regenerated,
                "status": status,
                **dict(zip(("basis", "basis_why"), basis(claim, status))),
                "note": "; ".join(notes),
            }
        )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


BASIS_MEANS = {
    "internal cross-check": "computed from other published values",
    "external check": "compared with data outside the publication",
    "derived": "records typed from this very value: consistency only",
    "synthetic": "generated records: agreement verifies nothing",
    "unknown": "nothing in the package regenerates or checked it",
}


TABLE_CELLS = ("T1.", "T2.", "T3.")  # table cells live in the tables; the others are numbers in the text


def by_publication(results: pd.DataFrame, refs: dict | None = None) -> pd.DataFrame:
    """Per publication: values encoded (table cells and numbers in its text) and their statuses."""
    refs = refs or {}
    rows = []
    for key, part in results.groupby("publication", sort=False):
        cells = part["claim_id"].str.startswith(TABLE_CELLS)
        counts = part["status"].value_counts()
        rows.append(
            {
                "publication": refs[key].short if key in refs else key,
                "key": key,
                "values": len(part),
                "table cells": int(cells.sum()),
                "numbers in the text": int((~cells).sum()),
                **{s: int(counts.get(s, 0)) for s in STATUSES},
            }
        )
    return pd.DataFrame(rows)


def summary(
    results: pd.DataFrame,
    study: str,
    provenance: dict[str, str],
    corrections: pd.DataFrame | None = None,
    sources_compared: pd.DataFrame | None = None,
    refs: dict | None = None,
) -> str:
    """A short Markdown account: counts by status, basis and publication, every mismatch, and
    what 'match' means here."""
    counts = results["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    crossed = pd.crosstab(results["basis"], results["status"]).reindex(
        index=list(BASES), columns=list(STATUSES), fill_value=0
    )
    lines = [
        f"# Verification of published values: {study}",
        "",
        f"{len(results)} published values compared; {lead_sentence(results.to_dict('records'))}.",
        "",
        "| basis | " + " | ".join(STATUSES) + " | why it is this basis |",
        "|---|" + "---|" * (len(STATUSES) + 1),
        *[f"| {b} | " + " | ".join(str(crossed.loc[b, s]) for s in STATUSES) + f" | {BASIS_MEANS[b]} |" for b in BASES],
        "",
        "| status | count |",
        "|---|---|",
        *[f"| {s} | {n} |" for s, n in counts.items()],
        "",
    ]
    table = by_publication(results, refs)
    columns = ["publication", "key", "values", "table cells", "numbers in the text", *STATUSES]
    lines += [
        "## By publication",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *["| " + " | ".join(str(r[c]) for c in columns) + " |" for _, r in table.iterrows()],
        "",
    ]
    kinds = sorted({getattr(p, "overall", p) for p in provenance.values()})
    lines += [
        "Provenance of the records behind the regenerated outputs: " + ", ".join(kinds) + ".",
        "Only the cross-checks test the publication: an internal cross-check recomputes a value from other "
        "published values (Table 2 and Table 3 counts from Table 1's cells), an external check compares it "
        "with data outside the publication. A `derived` match shows that the pipeline reproduces the value its "
        "records were typed from, not a check against the confidential original responses.",
    ]
    if "synthetic" in kinds:
        lines.append(
            "Values with status `synthetic` were regenerated from synthetic records (calibrated to what the "
            "paper reports); their agreement with the published value verifies nothing."
        )
    lines.append("")
    if corrections is not None and len(corrections):
        lines += ["## Corrections applied", ""]
        lines += [
            f"- {r.correction_id}: {r.coalition}, `{r.item}` {r.published_value} -> {r.corrected_value} ({r.reason})"
            for r in corrections.itertuples()
        ]
        lines.append("")
    for status, heading in (("mismatch", "Mismatches"), ("not_reproducible", "Not reproducible")):
        part = results[results["status"].eq(status)]
        if len(part):
            lines += [f"## {heading}", ""]
            lines += [
                f"- `{r.claim_id}` ({r.citation}): published {r.published!r}, regenerated {r.regenerated!r}. {r.note}"
                for r in part.itertuples()
            ]
            lines.append("")
    if sources_compared is not None:
        differ = sources_compared[sources_compared["status"].eq("disagree")]
        lines += [
            "## Coalition documents against the questionnaire",
            "",
            f"{len(sources_compared)} numbers given by both compared (documents_vs_questionnaire.csv): "
            f"{len(sources_compared) - len(differ)} agree, {len(differ)} disagree. Neither source is preferred.",
        ]
        lines += [
            f"- {r.coalition}, `{r.field}`: documents {r.documents!r} ({r.document}), questionnaire "
            f"{r.questionnaire} ({r.respondent_id})"
            for r in differ.itertuples()
        ]
        lines.append("")
    return "\n".join(lines)


FLAGGED = ("synthetic", "mismatch")  # statuses a quoted number is marked with until the author asks for final output


def numbers(results: pd.DataFrame) -> dict[str, str]:
    """File name -> content for results/numbers/: each regenerated value quoted in the papers' text.

    One plain file per value (`\\input`-able, no trailing newline), numbers.tex with a
    `\\ctcnum{<claim id>}` macro for every value (its status and source in a comment beside it)
    and numbers.csv as the index. A value regenerated from synthetic records says so.
    """
    rows = results[~results["claim_id"].str.startswith(TABLE_CELLS) & results["regenerated"].ne("")]
    files = {f"{row.claim_id}.txt": row.regenerated for row in rows.itertuples()}
    tex = [
        "% Regenerated values quoted in the text of the papers (written by the pipeline's verify rule).",
        "% Use: \\input{numbers} then \\ctcnum{<claim id>}. An unknown id stops LaTeX with an error naming it.",
        "% A value regenerated from synthetic records, or one that disagrees with the publication, carries a",
        "% mark ([synthetic], [mismatch]) unless the manuscript defines \\ctcfinal (\\newcommand{\\ctcfinal}{}).",
        "\\providecommand{\\ctcflag}[1]{\\ifdefined\\ctcfinal\\else\\textsuperscript{[#1]}\\fi}",
        "\\providecommand{\\ctcnum}[1]{\\ifcsname ctcnum@#1\\endcsname\\csname ctcnum@#1\\endcsname\\else"
        "\\PackageError{ctcnum}{Unknown claim id `#1'}{No value of that id in results/numbers/numbers.csv; check "
        "the spelling}\\fi}",
    ]
    for row in rows.itertuples():
        flag = f"\\ctcflag{{{row.status}}}" if row.status in FLAGGED else ""
        tex.append(
            f"\\expandafter\\def\\csname ctcnum@{row.claim_id}\\endcsname{{{latex_escape(str(row.regenerated))}"
            f"{flag}}} % {row.status}; {row.source}"
        )
    files["numbers.tex"] = "\n".join(tex) + "\n"
    index = rows[["claim_id", "regenerated", "status", "source"]].rename(columns={"regenerated": "value"})
    index = index.assign(file=index["claim_id"] + ".txt")
    files["numbers.csv"] = index.to_csv(index=False, lineterminator="\n")
    return files
