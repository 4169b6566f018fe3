"""Leak scan: restricted names anywhere, and coded quotes next to a coalition name.

The study never ties a quote to a coalition; neither may any output of the pipeline. A quote hit
is a segment text (at least ``MIN_CHARS`` long) with a coalition name within ``WINDOW``
characters of it. A name hit is any variant of a restricted name (``namematch``) in any layer of
a file's text (``textlayers``: PDF text, spreadsheet cells, SVG labels, archive members) or in its
path. Messages give the name's entry number and kind, never the name, and every path they print is
redacted the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ctcstudy.forked import balanced, forked_map
from ctcstudy.guards.namematch import SEP, Matcher, Normalized, fold, views
from ctcstudy.guards.restricted import RestrictedName
from ctcstudy.guards.textlayers import IMAGES, figure_pdf, layers, page_count

WINDOW = 300
MIN_CHARS = 20


@dataclass(frozen=True)
class Finding:
    path: Path  # the file to withdraw
    message: str  # one line, redacted
    coalition: str = ""  # for a quote next to a coalition name: which name,
    line: int = 0  # the line,
    place: str = ""  # the (redacted) file and line as printed,
    quote: str = ""  # and the quote's start as printed


def location(path: Path, where: str, line: int | None, matcher: Matcher | None) -> str:
    shown = matcher.redact(path.as_posix()) if matcher else path.as_posix()
    return shown + (f"[{where}]" if where else "") + (f":{line}" if line else "")


def scan_names(paths: list[Path], matcher: Matcher) -> list[Finding]:
    """One finding per occurrence of a restricted name, in a file's text layers or its path."""
    return scan_all(paths, matcher, [], []) if matcher.names else []


def quote_pattern(quote: str) -> re.Pattern | None:
    parts = [re.escape(w) for w in fold(quote).split()]
    return re.compile(SEP.join(parts) + r"(?![^\W_])") if parts else None


def compiled_quotes(quotes: list[str]) -> list[tuple[str, re.Pattern, str]]:
    """(start shown, pattern, longest word) per distinct quote: built once per scan, not per file."""
    compiled = []
    for quote in sorted({q.strip() for q in quotes if len(q.strip()) >= MIN_CHARS}):
        pattern = quote_pattern(quote)
        if pattern is not None:
            compiled.append((quote[:40], pattern, max(fold(quote).split(), key=len)))
    return compiled


def compiled_names(coalitions: list[str]) -> dict[str, re.Pattern]:
    return {c: p for c in coalitions if (p := quote_pattern(c)) is not None}


def scan_text(
    text: str,
    quotes: list[str],
    coalitions: list[str],
    json_strings: bool = False,
    norms: list[Normalized] | None = None,
) -> list[tuple[int, str, str]]:
    """(line number, coalition, quote start) for every quote with a coalition name nearby,
    both compared normalized (markup, escapes, case, punctuation, line breaks)."""
    return quote_hits(text, norms or views(text, json_strings), compiled_quotes(quotes), compiled_names(coalitions))


def quote_hits(
    text: str, norms: list[Normalized], quotes: list, names: dict[str, re.Pattern]
) -> list[tuple[int, str, str]]:
    hits = set()
    for norm in norms:
        named = {c: name for c, name in names.items() if name.search(norm.text)}
        if not named:  # a quote is a hit only beside a case name: none in this text, none to look for
            continue
        for start_shown, pattern, anchor in quotes:
            if anchor not in norm.text:
                continue
            for match in pattern.finditer(norm.text):
                if match.start() and norm.text[match.start() - 1].isalnum():
                    continue
                near = norm.text[max(0, match.start() - WINDOW) : match.end() + WINDOW]
                for coalition, name in named.items():
                    if name.search(near):
                        start = norm.original(match.start(), match.end())[0]
                        hits.add((text.count("\n", 0, start) + 1, coalition, start_shown))
    return sorted(hits)


def scan(paths: list[Path], quotes: list[str], coalitions: list[str]) -> list[Finding]:
    """One finding per quote next to a coalition name: file, line, coalition, the quote's start."""
    return scan_all(paths, Matcher([]), quotes, coalitions)


def scan_all(paths: list[Path], matcher: Matcher, quotes: list[str], coalitions: list[str]) -> list[Finding]:
    """Names (in text and paths) and attributed quotes in one pass: each layer normalized once. The
    files are read on both cores, in two groups of about equal work."""
    quotes_compiled, names = compiled_quotes(quotes), compiled_names(coalitions)

    def named(path: Path, where: str, line: int | None, hit) -> Finding:
        return Finding(
            path, f"{location(path, where, line, matcher)}: restricted name #{hit.entry.number} ({hit.entry.kind})"
        )

    def in_file(path: Path, pages: slice | None) -> list[Finding]:
        found = []
        for layer in layers(path, pages):
            norms = views(layer.text, layer.json_strings)
            found += [
                named(path, layer.where, hit.line(layer.text), hit)
                for hit in matcher.hits(layer.text, layer.json_strings, norms)
            ]
            for line, coalition, start in quote_hits(layer.text, norms, quotes_compiled, names):
                place = location(path, layer.where, line, matcher)
                found.append(
                    Finding(
                        path,
                        f"{place}: quote '{start}...' next to coalition name '{coalition}'",
                        coalition,
                        line,
                        place,
                        f"'{start}...'",
                    )
                )
        return found

    findings = [named(path, "file name", None, hit) for path in paths for hit in matcher.hits(path.as_posix())]
    parts = [part for path in paths if path.is_file() and path.suffix.lower() not in IMAGES for part in reading(path)]
    groups = balanced(range(len(parts)), lambda i: parts[i][2], SCAN_JOBS)  # each part by its number
    found_in = forked_map(lambda group: {i: in_file(*parts[i][:2]) for i in group}, groups)
    by_part = {i: found for group in found_in for i, found in group.items()}
    findings += [finding for i in range(len(parts)) for finding in by_part[i]]  # in order, as one reader
    return grouped(list(dict.fromkeys(findings)), names)


SCAN_JOBS = 2  # the machine's cores: the scan runs alone at the end of a build
PDF_PART_PAGES = 4  # a long PDF is read in parts of this many pages, shared by the cores
PDF_WORK = 15  # a byte of a PDF costs about 15 of text to read (its text layer is parsed from the drawing)


def reading(path: Path) -> list[tuple[Path, slice | None, float]]:
    """A file as parts to read (path, pages, about how long it takes): a PDF of many pages in parts
    of a few pages, so that the longest read, the replication report's, is shared by both cores."""
    size = path.stat().st_size
    if path.suffix.lower() != ".pdf" or figure_pdf(path):
        return [(path, None, size)]
    pages = page_count(path)
    if pages <= PDF_PART_PAGES:
        return [(path, None, size * PDF_WORK)]
    starts = range(0, pages, PDF_PART_PAGES)
    return [
        (
            path,
            slice(start, None if start + PDF_PART_PAGES >= pages else start + PDF_PART_PAGES),
            size * PDF_WORK / len(starts),
        )
        for start in starts
    ]


def grouped(findings: list[Finding], names: dict[str, re.Pattern]) -> list[Finding]:
    """One finding per file and coalition for quotes: the first names the field that ties the
    quotes to the coalition (in a CSV) and the fix, the rest are counted, never printed one by one."""
    out, quotes = [], {}
    for finding in findings:
        if finding.coalition:
            quotes.setdefault((finding.path, finding.coalition), []).append(finding)
        else:
            out.append(finding)
    for (path, coalition), found in quotes.items():
        lines = sorted({f.line for f in found})
        shown = ", ".join(map(str, lines[:5])) + (" ..." if len(lines) > 5 else "")
        more = f", and {len(found) - 1} more quote(s) (lines {shown})" if len(found) > 1 else ""
        fields = tying_fields(path, lines, names[coalition]) if path.suffix.lower() == ".csv" else []
        first = found[0]
        message = (
            (
                f"{first.place}: field {', '.join(fields)} names coalition '{coalition}' in the row of quote "
                f"{first.quote}{more}; "
                "no output may tie a quote to a coalition: drop the name from that field (a citation key naming "
                'the case: README, "Adding a case")'
            )
            if fields
            else f"{first.message}{more}"
        )
        out.append(Finding(path, message, coalition, lines[0], first.place, first.quote))
    return out


def tying_fields(path: Path, lines: list[int], name: re.Pattern) -> list[str]:
    """The CSV columns that hold the coalition name in the rows (by line) holding the quotes."""
    import csv

    wanted, fields = set(lines), {}
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        start = reader.line_num + 1
        for row in reader:
            if wanted & set(range(start, reader.line_num + 1)):
                fields.update({h: None for h, v in zip(header, row) if name.search(fold(v))})
            start = reader.line_num + 1
    return list(fields)


def figures_without_text(paths: list[Path]) -> list[Finding]:
    """A PNG whose labels cannot be read: every figure is checked through its SVG twin."""
    return [
        Finding(p, f"{p}: figure without an SVG of the same name, so its labels cannot be checked")
        for p in paths
        if p.suffix == ".png" and not p.with_suffix(".svg").is_file()
    ]


def load_matcher(path: str | Path | None) -> Matcher:
    """The matcher of the restricted names list (empty when there is none)."""
    from ctcstudy.guards.restricted import load

    return Matcher(load(path))


def find_names(text: str, names: list[RestrictedName]) -> list[tuple[int, int, str]]:
    """(line, name number, kind) for every occurrence of a restricted name in any of its variants."""
    return sorted({(hit.line(text), hit.entry.number, hit.entry.kind) for hit in Matcher(names).hits(text)})
