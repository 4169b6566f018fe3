"""A manuscript checked against the current build: every number and table cell found, tied to its
claim where there is evidence, and classified.

Statuses (in the order every output lists them):
  differs     tied to a claim (or to a cell of a package table), with a different value
  agrees      tied, and equal to the regenerated value (to the digits written)
  linked      written through the package: \\ctcnum{id}, or \\input of a package table
  unverified  no claim tied to it (the evidence column says why)

A value regenerated from synthetic records "agrees" only with a calibrated reproduction: the
basis column says so, and the Markdown summary repeats it. That is never a verification.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ctcstudy.readers.manuscripts import Manuscript, Passage, Table
from ctcstudy.verify.numbers import Number, numbers
from ctcstudy.verify.ties import Claim, claim_value, claims_from, label_key, sentences, tie

STATUSES = ("differs", "agrees", "linked", "unverified")
COLUMNS = ["status", "location", "text", "claim_id", "output", "regenerated", "basis", "evidence", "link"]
EMPTY = {"", "-", "–", "—", "n/a", "na"}


@dataclass
class Finding:
    location: str
    text: str
    status: str
    claim_id: str = ""
    regenerated: str = ""
    evidence: str = ""
    output: str = ""
    basis: str = ""
    link: str = ""


@dataclass
class Build:
    """What the check compares with: the claims and the package's tables, as last built."""

    claims: list[Claim]
    tables: dict[str, list[list[str]]]  # output id -> rows (header first), as regenerated
    cases: list[str]
    tolerances: dict
    numbered: set[str]  # claim ids with a \ctcnum macro (results/numbers/numbers.csv)
    titles: dict[str, str] = field(default_factory=dict)  # output id -> its title ("Table 3: ...")

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.claim_id == claim_id), None)

    def cell_claim(self, output: str, row: str, column: str) -> Claim | None:
        return next((c for c in self.claims if (c.output, c.row, c.column) == (output, row, column)), None)


def check(manuscript: Manuscript, build: Build) -> list[Finding]:
    """Every finding of the manuscript, differs first, then in document order."""
    found = links(manuscript, build)
    matched = [table_findings(table, build) for table in manuscript.tables]
    found += [f for cells in matched for f in cells]
    for passage in manuscript.passages:
        rows = text_table_rows(passage, build) if manuscript.kind == "pdf" else {}
        found += [f for _, cells, _ in rows.values() for f in cells]
        found += text_findings(passage, build, [(start, start + length) for start, _, length in rows.values()])
    if manuscript.kind == "latex":
        for finding in found:
            finding.link = suggested_link(finding, build)
    return sorted(found, key=lambda f: STATUSES.index(f.status))


# -- links (LaTeX) -------------------------------------------------------------------------------


def links(manuscript: Manuscript, build: Build) -> list[Finding]:
    found = []
    for link in manuscript.links:
        if link.claim_id:
            claim = build.claim(link.claim_id)
            if claim is None:
                found.append(
                    Finding(link.location, link.text, "unverified", evidence="no claim of that id: LaTeX stops on it")
                )
            else:
                found.append(
                    Finding(
                        link.location,
                        link.text,
                        "linked",
                        claim.claim_id,
                        claim.regenerated,
                        "macro",
                        claim.output,
                        claim.basis,
                    )
                )
        elif link.output_id in build.tables:
            found.append(
                Finding(link.location, link.text, "linked", "", "", "package table", link.output_id, "derived")
            )
        else:
            found.append(Finding(link.location, link.text, "unverified", evidence="no package table of that name"))
    return found


def suggested_link(finding: Finding, build: Build) -> str:
    if finding.status not in ("agrees", "differs") or not finding.claim_id:
        return ""
    if finding.claim_id in build.numbered:
        return f"\\ctcnum{{{finding.claim_id}}}"
    return f"\\input{{results/tables/{finding.output}}}" if finding.output else ""


# -- running text --------------------------------------------------------------------------------


def text_findings(passage: Passage, build: Build, taken: list[tuple[int, int]]) -> list[Finding]:
    """The numbers of a passage's text (those of table rows read already left out), each tied
    or not."""
    found, previous_case = [], ""
    for sentence in sentences(passage.text, build.cases):
        carried: set[str] = set()
        for number in sentence.numbers:
            if any(a <= number.start < b for a, b in taken):
                continue  # read as a table cell
            tied = tie(number, sentence, passage.text, previous_case, build.claims, carried)
            carried = set(tied.words) or carried
            found.append(compared(number, tied.claim, tied.evidence, passage.where(number.start)))
        names = {case for _, case in sentence.cases}
        previous_case = next(iter(names)) if len(names) == 1 else previous_case if not names else ""
    return found


def compared(number: Number, claim: Claim | None, evidence: str, location: str) -> Finding:
    if claim is None:
        return Finding(location, number.text, "unverified", evidence=evidence)
    if not claim.reproducible:
        why = f"{evidence}; the package does not regenerate this claim (published {claim.published})"
        return Finding(location, number.text, "unverified", claim.claim_id, "", why, claim.output, claim.basis)
    same, how = agree(number, claim.value, claim.tolerance)
    return Finding(
        location,
        number.text,
        "agrees" if same else "differs",
        claim.claim_id,
        claim.regenerated,
        f"{evidence}; {how}",
        claim.output,
        claim.basis,
    )


ABOUT = 0.1  # 'about', 'approximately': within 10% (of a share: within 5 percentage points)
ABOUT_PP = 5.0


def agree(number: Number, value: Number, tolerance: str = "") -> tuple[bool, str]:
    """Does the number as written say what the regenerated value is? (and how that was judged)"""
    if value.relation:  # the package only knows a bound ('>10'): the same bound agrees
        same = number.relation == value.relation and number.value == value.value
        return same, "the same bound" if same else f"the package knows only {value.relation}{value.value:g}"
    if number.kind == "range" or value.kind == "range":
        same = (number.low, number.high) == (value.low, value.high)
        return same, "the same range" if same else "a different range"
    written, regenerated = number.value, value.value  # of 'N of M', N
    relation = number.relation or ("~" if number.kind == "fraction" else "")
    if relation in (">", ">=", "<", "<="):
        same = {
            ">": regenerated > written,
            ">=": regenerated >= written,
            "<": regenerated < written,
            "<=": regenerated <= written,
        }[relation]
        return same, f"regenerated {regenerated:g} is{'' if same else ' not'} {relation} {written:g}"
    if relation in ("~", "~<"):
        limit = (ABOUT_PP if number.percent else ABOUT * abs(written)) if number.relation else 1.0
        same = abs(regenerated - written) <= limit and (relation == "~" or regenerated <= written)
        return same, f"regenerated {regenerated:g} {'within' if same else 'outside'} {limit:g} of {written:g}"
    same = math.isclose(round(regenerated, number.decimals), written, abs_tol=1e-9)
    digits = f" to {number.decimals} decimal(s)" if number.decimals else ""
    return same, f"regenerated {value.text} rounded{digits} is{'' if same else ' not'} {number.text}"


# -- tables --------------------------------------------------------------------------------------


def match_table(table: Table, build: Build) -> tuple[str, bool, str] | str:
    """(output id, transposed?, evidence) of the package table this one shows: most row and
    column labels in common (at least two rows, or every row of a shorter table, and one column),
    then the caption naming its title. Otherwise why not, as one line."""
    scored = []
    for output, regenerated in build.tables.items():
        theirs_rows = {label_key(r[0]) for r in regenerated[1:] if r}
        theirs_columns = {label_key(c) for c in regenerated[0][1:]}
        for transposed in (False, True):
            mine = transpose(table.rows) if transposed else table.rows
            if len(mine) < 2:
                continue
            row_hits = sum(label_key(r[0]) in theirs_rows for r in mine[1:] if r)
            column_hits = sum(label_key(c) in theirs_columns for c in mine[0][1:])
            if row_hits >= max(min(2, len(mine) - 1), (len(mine) - 1) / 2) and column_hits >= 1:
                evidence = f"{row_hits} of {len(mine) - 1} row labels and {column_hits} of {len(mine[0]) - 1} column labels of {output}"
                evidence += " (rows and columns swapped)" if transposed else ""
                titled = caption_names(table.caption, build.titles.get(output, ""))
                scored.append(
                    (
                        row_hits + column_hits,
                        titled,
                        output,
                        transposed,
                        evidence + ("; its caption names it" if titled else ""),
                    )
                )
    if not scored:
        return "a table no package table matches by its labels"
    scored.sort(key=lambda x: (-x[0], -x[1]))
    best = [s for s in scored if s[:2] == scored[0][:2]]
    if len({s[2] for s in best}) > 1:
        return f"its labels fit {' and '.join(sorted({s[2] for s in best}))} equally; a caption naming one ('Table 3: ...') decides"
    return best[0][2:]


def caption_names(caption: str, title: str) -> int:
    """How closely the caption names the package table's title: the whole title in it (longer is
    closer), or its number ('Table 3', not 'Table 30'); 0 when it does not."""
    caption, title = " ".join(caption.casefold().split()), " ".join(title.casefold().split())
    if title and title in caption:
        return len(title)
    unnumbered = re.sub(r"^table\s+\d+[a-z]?\s*:\s*", "", title)  # as LaTeX and Word captions print it
    unnumbered = re.sub(r"\s*\[synthetic records[^\]]*\]$", "", unnumbered)
    if unnumbered != title and unnumbered and unnumbered in caption:
        return len(unnumbered)
    head = title.split(":")[0].strip()
    if head.startswith("table") and caption.startswith(head) and not caption[len(head) : len(head) + 1].isdigit():
        return 1
    return 0


def transpose(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]
    return [list(column) for column in zip(*padded, strict=True)]


def table_findings(table: Table, build: Build) -> list[Finding]:
    matched = match_table(table, build)
    if isinstance(matched, str):
        return [
            Finding(f"{table.location}, row {i + 1}, column {j + 1}", n.text, "unverified", evidence=matched)
            for i, row in enumerate(table.rows)
            for j, cell in enumerate(row)
            for n in numbers(cell)
        ]
    output, transposed, evidence = matched
    rows = transpose(table.rows) if transposed else table.rows
    return cell_findings(table.location, rows, output, evidence, build, transposed)


def cell_findings(
    location: str, rows: list[list[str]], output: str, evidence: str, build: Build, transposed: bool
) -> list[Finding]:
    regenerated = build.tables[output]
    their_rows: dict[str, list[list[str]]] = {}
    for r in regenerated[1:]:
        if r:
            their_rows.setdefault(label_key(r[0]), []).append(r)
    their_columns = {label_key(c): i for i, c in enumerate(regenerated[0]) if i}
    seen: dict[str, int] = {}
    found = []
    for i, row in enumerate(rows[1:], 1):
        key = label_key(row[0])
        occurrence = seen[key] = seen.get(key, -1) + 1  # a label used twice: the k-th row to the k-th
        for j, cell in enumerate(row[1:], 1):
            header = rows[0][j] if j < len(rows[0]) else ""
            where = f"{location}, {'column' if transposed else 'row'} {i + 1} ({row[0]}), {'row' if transposed else 'column'} {j + 1} ({header})"
            same_label = their_rows.get(key, [])
            theirs = same_label[occurrence] if occurrence < len(same_label) else None
            column = their_columns.get(label_key(header))
            if theirs is None or column is None:
                found += [
                    Finding(where, n.text, "unverified", evidence=f"{evidence}; this cell's labels are not in it")
                    for n in numbers(cell)
                ]
                continue
            found.append(
                cell_finding(where, cell, output, theirs[0], regenerated[0][column], theirs[column], evidence, build)
            )
    return found


def cell_finding(
    where: str, cell: str, output: str, row: str, column: str, value: str, evidence: str, build: Build
) -> Finding:
    claim = build.cell_claim(output, row, column)
    regenerated = claim.regenerated if claim else value
    same = same_cell(cell, regenerated)
    tied = f"table matched by {evidence}; cell [{row}, {column}]"
    tied += "" if claim else " (no published claim: compared with the regenerated table)"
    basis = claim.basis if claim else table_basis(build.tables[output], row)
    return Finding(
        where,
        cell.strip() or "(empty)",
        "agrees" if same else "differs",
        claim.claim_id if claim else "",
        regenerated,
        tied,
        output,
        basis,
    )


def table_basis(rows: list[list[str]], row: str) -> str:
    header = rows[0]
    if "provenance" not in header:
        return "derived"
    at = header.index("provenance")
    return next((r[at] for r in rows[1:] if r and r[0] == row), "derived")


def same_cell(typed: str, regenerated: str) -> bool:
    """Marks as sets ('M & P' is 'P & M'), empty as empty ('-', '–'), numbers to the digits typed."""
    a, b = cell_key(typed), cell_key(regenerated)
    if a == b:
        return True
    number, value = claim_value(typed.strip()), claim_value(regenerated.strip())
    if number is not None and value is not None:
        return agree(number, value)[0]
    return False


def cell_key(cell: str) -> str:
    text = " ".join(cell.replace("\u2013", "-").split()).casefold()
    if text in EMPTY:
        return ""
    parts = [p.strip() for p in text.replace(" and ", "&").replace("+", "&").split("&")]
    return " & ".join(sorted(parts)) if len(parts) > 1 and all(len(p) <= 2 for p in parts) else text


# -- tables in a PDF's text ----------------------------------------------------------------------


def text_table_rows(passage: Passage, build: Build) -> dict[int, tuple[int, list[Finding], int]]:
    """Lines of a PDF page that are rows of a package table: below a line naming its columns in
    order, lines starting with its row labels (a long label may run on to the next line), one after
    another. Tables with the same labels are told apart by the caption next to the block. Line
    number -> (offset, findings, length). A row whose cells cannot be counted out exactly is listed
    for a check by eye."""
    lines, claimed = passage.lines(), {}
    for output, regenerated in build.tables.items():
        for block in blocks(lines, regenerated):
            claimed.setdefault(block[0], []).append((output, block))
    found = {}
    for header_at, candidates in sorted(claimed.items()):
        chosen, why = choose(lines, candidates, build)
        for i, row, words in candidates[0][1][2]:
            where = passage.where(passage.line_starts[i])
            if chosen is None:
                found[i] = (
                    passage.line_starts[i],
                    [Finding(where, lines[i].strip(), "unverified", evidence=why)],
                    len(lines[i]),
                )
                continue
            output = chosen
            regenerated_row = next(r for r in build.tables[output][1:] if r and r[0] == row[0])
            found[i] = (
                passage.line_starts[i],
                row_findings(lines[i], where, output, regenerated_row, words, header_at, build),
                len(lines[i]),
            )
    return found


def blocks(lines: list[str], regenerated: list[list[str]]) -> list[tuple[int, int, list]]:
    """(header line, end, rows) of each block of this table's rows: rows are (line, row, label words
    on that line)."""
    columns = regenerated[0][1:]
    rows_by_label = sorted((r for r in regenerated[1:] if r), key=lambda r: -len(r[0]))
    found = []
    for header_at, line in enumerate(lines):
        if not in_order(line, columns):
            continue
        rows, i = [], header_at + 1
        while i < len(lines):
            hit = row_start(lines[i], rows_by_label)
            if hit is not None:
                rows.append((i, *hit))
            elif not (rows and continues(lines[i], rows[-1])):
                break
            i += 1
        if rows:
            found.append((header_at, i, rows))
    return found


def row_start(line: str, rows: list[list[str]]) -> tuple[list[str], int] | None:
    """(row, label words on this line) when the line starts with a row's label, or with its first
    two words or more (the rest wrapped to the next line)."""
    key = label_key(line)
    for row in rows:
        words = row[0].split()
        for k in range(len(words), min(2, len(words)) - 1, -1):
            prefix = label_key(" ".join(words[:k]))
            if prefix and (key == prefix or key.startswith(prefix + " ")):
                return row, k
    return None


def continues(line: str, last: tuple[int, list[str], int]) -> bool:
    _, row, words = last
    rest = label_key(" ".join(row[0].split()[words:]))
    return bool(rest) and label_key(line).startswith(rest)


def choose(lines: list[str], candidates: list, build: Build) -> tuple[str | None, str]:
    """The one table a block of rows shows; with several of the same labels, the one its caption
    (within two lines above or below) names."""
    if len(candidates) == 1:
        return candidates[0][0], ""
    header_at, end = candidates[0][1][0], candidates[0][1][1]
    near = lines[max(0, header_at - 2) : header_at] + lines[end : end + 2]
    scores = {
        output: max((caption_names(line, build.titles.get(output, "")) for line in near), default=0)
        for output, _ in candidates
    }
    best = max(scores.values())
    top = [o for o, score in scores.items() if score == best]
    if best and len(top) == 1:
        return top[0], ""
    return None, f"a row of {' or '.join(sorted(scores))}, which share their labels, and no caption beside it names one"


def row_findings(
    line: str, where: str, output: str, row: list[str], words: int, header_at: int, build: Build
) -> list[Finding]:
    columns = build.tables[output][0][1:]
    cells = split_cells(line[len_of_label(line, " ".join(row[0].split()[:words])) :])
    if len(cells) != len(columns):
        why = (
            f"a row of {output} ({row[0]}) with {len(cells)} cell(s) for {len(columns)} columns: an empty "
            "cell leaves no trace in a PDF's text, so its cells cannot be told apart; check it by eye"
        )
        return [Finding(where, line.strip(), "unverified", output=output, evidence=why)]
    evidence = f"a row of {output} under a line naming its columns (line {header_at + 1})"
    return [
        cell_finding(
            f"{where} ({row[0]}), column {j + 2} ({column})", cell, output, row[0], column, row[j + 1], evidence, build
        )
        for j, (cell, column) in enumerate(zip(cells, columns, strict=True))
    ]


def in_order(line: str, columns: list[str]) -> bool:
    key, at = label_key(line), 0
    for column in columns:
        at = key.find(label_key(column), at)
        if at < 0:
            return False
    return len(columns) > 1


def len_of_label(line: str, label: str) -> int:
    words = len(label.split())
    parts = line.split()
    return len(" ".join(parts[:words])) + (len(line) - len(line.lstrip()))


def split_cells(rest: str) -> list[str]:
    """Cell texts of a row as a PDF's text gives them: words, with 'X & Y' kept as one cell."""
    tokens = rest.split()
    cells: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 2 < len(tokens) and tokens[i + 1] == "&":
            cells.append(" ".join(tokens[i : i + 3]))
            i += 3
        else:
            cells.append(tokens[i])
            i += 1
    return cells


# -- coverage and output -------------------------------------------------------------------------


def missing_claims(findings: list[Finding], build: Build) -> list[Claim]:
    """The claims of the manuscript's publication(s) found nowhere in it (all claims when it ties none)."""
    tied = {f.claim_id for f in findings if f.claim_id}
    outputs = {f.output for f in findings if f.status == "linked" and f.output and not f.claim_id}
    found = tied | {c.claim_id for c in build.claims if c.output in outputs}
    publications = {c.publication for c in build.claims if c.claim_id in found}
    return [c for c in build.claims if c.claim_id not in found and (not publications or c.publication in publications)]


def as_csv(findings: list[Finding]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(asdict(f) for f in findings)
    return out.getvalue()


def as_json(findings: list[Finding]) -> list[dict]:
    return [asdict(f) for f in findings]


def as_markdown(path: Path, findings: list[Finding], missing: list[Claim]) -> str:
    counts = {s: sum(f.status == s for f in findings) for s in STATUSES}
    synthetic = [f for f in findings if f.basis == "synthetic" and f.status in ("agrees", "differs")]
    lines = [
        f"# Manuscript check: {path.name}",
        "",
        "Each number and table cell of the manuscript against the current build. "
        + ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        + ".",
        "",
    ]
    if synthetic:
        lines += [
            f"{len(synthetic)} of the tied values were regenerated from synthetic records: agreement there is with a "
            "calibrated reproduction, not a verification of the publication.",
            "",
        ]
    lines += [
        "| status | location | as written | claim | regenerated | basis | evidence |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in findings:
        cells = [
            f.status,
            f.location,
            f.text,
            f.claim_id or f.output,
            f.regenerated,
            f.basis,
            f.evidence + (f"; link: `{f.link}`" if f.link else ""),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    lines += ["", f"## Claims found nowhere in the manuscript ({len(missing)})", ""]
    lines += [
        f"- {c.claim_id} ({c.citation}): regenerated {c.regenerated or 'nothing (not reproducible)'}" for c in missing
    ] or ["- none"]
    return "\n".join(lines) + "\n"


def load_build(root: str | Path = ".", config_file: str | Path | None = None) -> Build:
    """The claims, tables and case names of the last build of the project at `root`; refused in
    one line when there is none yet."""
    import pandas as pd

    from ctcstudy.configuration.project import open_project
    from ctcstudy.errors import InputError

    project = open_project(root, config_file)
    claims_file = project.root / "results/verification/claims.csv"
    if not claims_file.is_file():
        raise InputError(claims_file, "not built yet: run `make build` first, then check the manuscript")
    claims = pd.read_csv(claims_file, dtype=str, keep_default_na=False)
    recorded = pd.read_csv(project.table("published_values"), dtype=str, keep_default_na=False)
    claims = claims.merge(recorded[["claim_id", "tolerance"]], on="claim_id", how="left").fillna("")
    cases = [c["pseudonym"] for c in project.cases["cases"]]
    tables = {}
    for output_id, entry in project.outputs.items():
        path = project.root / entry["path"]
        if entry["kind"] == "table" and path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                tables[output_id] = [row for row in csv.reader(handle)]
    numbers_index = project.root / "results/numbers/numbers.csv"
    numbered = set(pd.read_csv(numbers_index, dtype=str)["claim_id"]) if numbers_index.is_file() else set()
    tolerances = project.config["verification"]["tolerances"]
    titles = {k: e.get("title", "") for k, e in project.outputs.items()}
    return Build(claims_from(claims.to_dict("records"), cases), tables, cases, tolerances, numbered, titles)


def line(path, finding: Finding) -> str:
    """One differing value, as a refusal line: file, place, both values, the claim."""
    return (
        f"{path}: {finding.location}: {finding.text} differs from the build's {finding.regenerated or '(empty)'} "
        f"({finding.claim_id or finding.output}; {finding.basis})"
    )


def as_text(path: Path, findings: list[Finding], written: list[Path]) -> str:
    """What the command prints: the counts, every differing value, where the full lists went."""
    counts = ", ".join(f"{sum(f.status == s for f in findings)} {s}" for s in STATUSES)
    lines = [f"{path}: {counts}"]
    lines += [
        f"  differs: {f.location}: {f.text} (build: {f.regenerated or '(empty)'}; {f.claim_id or f.output}; {f.basis})"
        for f in findings
        if f.status == "differs"
    ]
    lines += [f"every finding, with its evidence: {', '.join(str(p) for p in written)}"]
    return "\n".join(lines) + "\n"


def write(path: Path, findings: list[Finding], missing: list[Claim], out_dir: Path) -> list[Path]:
    """results/manuscript_check/<stem>.csv and .md, each written whole or not at all."""
    from ctcstudy.writers import atomic_write

    out_dir.mkdir(parents=True, exist_ok=True)
    table, summary = out_dir / f"{path.stem}.csv", out_dir / f"{path.stem}.md"
    atomic_write(table, as_csv(findings))
    atomic_write(summary, as_markdown(path, findings, missing))
    return [table, summary]
