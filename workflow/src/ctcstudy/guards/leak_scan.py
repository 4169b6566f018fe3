"""The leak scan: every output (and every file about to be committed, and every raw file) checked
for restricted names in any variant and for coded quotes next to a case name; an output that holds
one is moved to the git-ignored quarantine/ before the build fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ctcstudy.configuration.settings import LeakScan
from ctcstudy.errors import InputError, LeakFound
from ctcstudy.writers import atomic_write


def leak_scan(s: LeakScan) -> None:
    """Fail if an output holds a restricted name (in any variant, in any layer of its text or in its
    path), a quote next to a case name, or a figure whose labels cannot be read; every such output
    is moved to quarantine/ first."""
    from ctcstudy.configuration import caselist as cases
    from ctcstudy.guards import attribution, restricted

    out = Path(s.out)
    paths = sorted(p for d in s.scan for p in Path(d).rglob("*") if p.is_file() and p.resolve() != out.resolve())
    quotes = segment_quotes(s.segments)
    labels = cases.pseudonyms(cases.load(s.cases_file))
    matcher = attribution.load_matcher(s.restricted)
    findings = attribution.figures_without_text(paths) + attribution.scan_all(paths, matcher, quotes, labels)
    if findings:
        raise LeakFound("\n".join(quarantine(findings, Path(s.quarantine), matcher)))
    unmade = len(json.loads(Path(s.unmade).read_text(encoding="utf-8"))) if s.unmade else 0
    added = f" ({unmade} made by no rule)" if unmade else ""
    atomic_write(
        out,
        f"leak scan clean: {len(paths)} files under {', '.join(s.scan)}{added}; restricted names: "
        f"{restricted.counts(matcher.names)}; {len(quotes)} quotes\n",
    )
    print(out.read_text(), end="")


def segment_quotes(segments: str | Path) -> list[str]:
    """The coded passages, which no output may tie to a case (csv, not pandas: the scan runs on every build)."""
    import csv

    if not Path(segments).is_file():
        return []
    with open(segments, newline="", encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row.get("text")]


def scan_files(files: list[str], restricted: str, cases_file: str, segments: str) -> None:
    """The commit guard: the files about to be committed (their text and their paths), scanned for
    restricted names and, where the interview segments exist, for quotes next to a case name."""
    from ctcstudy.configuration import caselist as cases
    from ctcstudy.guards import attribution

    paths = [Path(f) for f in files]
    matcher = attribution.load_matcher(restricted)
    labels = cases.pseudonyms(cases.load(cases_file)) if Path(cases_file).is_file() else []
    findings = attribution.scan_all(
        [p for p in paths if p.is_file() or not p.exists()], matcher, segment_quotes(segments) if labels else [], labels
    )
    if findings:
        raise LeakFound("\n".join(f"{f.message} (not committed)" for f in findings))
    print(f"{len(paths)} files clean")


def scan_paths(
    paths: list[Path], outputs: list[Path], segments: str, cases_file: str, restricted: str | None
) -> list[str]:
    """Findings over a set of files (the deposit's), one line each: restricted names in every file;
    quotes next to a case name and unreadable figure labels in the outputs (the raw records and the
    script that writes them tie segments to their coalitions by design, pseudonymized)."""
    from ctcstudy.configuration import caselist as cases
    from ctcstudy.guards import attribution

    matcher = attribution.load_matcher(restricted)
    labels = cases.pseudonyms(cases.load(cases_file)) if Path(cases_file).is_file() else []
    quotes = segment_quotes(segments) if labels else []
    findings = attribution.figures_without_text(outputs) + attribution.scan_all(outputs, matcher, quotes, labels)
    rest = [p for p in paths if p not in set(outputs)]
    findings += attribution.scan_all(rest, matcher, [], labels) if matcher.names else []
    return [f.message for f in findings]


def quarantine(findings, folder: Path, matcher) -> list[str]:
    """Move every output a finding names out of results/ and data/processed/ into the
    git-ignored quarantine folder, so nothing shareable keeps it; say where each went."""
    moved = {}
    for finding in findings:
        source = finding.path
        if source not in moved and source.is_file():
            target = folder / source
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))
            moved[source] = matcher.redact(target.as_posix())
    return [f"{f.message} -> moved to {moved[f.path]}" if f.path in moved else f.message for f in findings]


def refuse_restricted_raw(names_file: Path) -> None:
    """A restricted name in a tracked raw file (outside data/raw/restricted/), in its text or its
    name, is refused before anything runs, naming the file and line, never the name."""
    from ctcstudy.guards import attribution
    from ctcstudy.guards import manifest as integrity

    matcher = attribution.load_matcher(names_file)
    findings = attribution.scan_names(integrity.raw_files(), matcher) if matcher.names else []
    if findings:
        where, problem = findings[0].message.split(": ", 1)
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise InputError(where, f"holds {problem}{more}; pseudonymize it, or keep it under data/raw/restricted/")
