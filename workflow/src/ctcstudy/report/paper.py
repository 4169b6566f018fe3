"""The author's paper, built from the build: LaTeX (latexmk, or pdflatex twice where latexmk is
missing) or Typst (the typst wheel), into results/paper/<stem>.pdf, then checked by check-manuscript.

What a paper uses (its tables, figures, values and own files) is read from its source, so the
paper rule depends on those files only; an unknown id is refused before anything is compiled,
naming the file and the line. A paper whose used inputs are unchanged is not compiled again:
its last PDF is kept (data/interim/paper/), so a change elsewhere in the build leaves it as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ctcstudy.errors import InputError, InputErrors
from ctcstudy.writers import atomic_write, atomic_write_bytes

LATEX = {
    "table": re.compile(r"\\ctctable\{([^{}]*)\}"),
    "figure": re.compile(r"\\ctcfigure(?:\[[^\]]*\])?\{([^{}]*)\}"),
    "value": re.compile(r"\\ctcnum\{([^{}]*)\}"),
    "file": re.compile(r"\\(?:input|include|includegraphics(?:\[[^\]]*\])?)\{([^{}]*)\}"),
}
TYPST = {
    "table": re.compile(r"ctctable\(\s*\"([^\"]*)\""),
    "figure": re.compile(r"ctcfigure\(\s*\"([^\"]*)\""),
    "value": re.compile(r"ctcnum\(\s*\"([^\"]*)\""),
    "file": re.compile(r"(?:#include|image|csv|json|read)\(?\s*\"([^\"]*)\""),
}
ENGINES = {".tex": "latex", ".typ": "typst"}
TEX_INSTALL = (
    "install TeX Live (Debian/Ubuntu: apt-get install texlive-latex-recommended texlive-fonts-recommended "
    "lmodern latexmk; macOS: MacTeX), or write the paper in Typst (new-manuscript --engine typst)"
)


@dataclass
class Uses:
    files: list[str] = field(default_factory=list)  # the paper's own files and the outputs it uses
    values: list[str] = field(default_factory=list)  # claim ids quoted
    unknown: list[InputError] = field(default_factory=list)


def engine(paper: str | Path) -> str:
    kind = ENGINES.get(Path(paper).suffix.lower())
    if kind is None:
        raise InputError(paper, "a paper the build typesets is .tex (LaTeX) or .typ (Typst)", field="manuscript.file")
    return kind


def uses(paper: str | Path, outputs: dict[str, dict], values: set[str] | None, seen: set | None = None) -> Uses:
    """What a paper uses, its own included files followed; ids it names that the build does not know
    (values=None: not checked, as while the rules are read and no numbers exist yet)."""
    paper, found = Path(paper), Uses()
    seen = set() if seen is None else seen
    if paper in seen or not paper.is_file():
        return found
    seen.add(paper)
    found.files.append(paper.as_posix())
    patterns = LATEX if engine(paper) == "latex" else TYPST
    text = paper.read_text(encoding="utf-8", errors="replace")
    if engine(paper) == "latex":
        text = re.sub(r"(?<!\\)%[^\n]*", "", text)
    for kind, pattern in patterns.items():
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            name = match[1].strip()
            if kind == "value":
                if values is not None and name not in values:
                    found.unknown.append(
                        unknown(paper, line, match.group(), "no claim of that id in results/numbers/numbers.csv")
                    )
                found.values.append(name)
            elif kind in ("table", "figure"):
                entry = outputs.get(name)
                if entry is None or entry["kind"] != kind:
                    found.unknown.append(
                        unknown(paper, line, match.group(), f"no {kind} of that id in workflow/registry.yaml")
                    )
                    continue
                suffix = {"latex": {"table": ".tex", "figure": ".pdf"}, "typst": {"table": ".csv", "figure": ".svg"}}
                found.files.append(Path(entry["path"]).with_suffix(suffix[engine(paper)][kind]).as_posix())
            else:
                included = resolve(paper, name)
                if included is not None and included.suffix in ENGINES:
                    nested = uses(included, outputs, values, seen)
                    found.files += nested.files
                    found.values += nested.values
                    found.unknown += nested.unknown
                elif included is not None:
                    found.files.append(included.as_posix())
    found.files = list(dict.fromkeys(found.files))
    return found


def unknown(paper: Path, line: int, written: str, why: str) -> InputError:
    return InputError(paper, f"{written}: {why}", line=line)


def resolve(paper: Path, name: str) -> Path | None:
    """A file a paper names, as LaTeX or Typst would find it: beside the paper, or from the project
    folder (LaTeX runs there; a Typst path starting with / is the project folder)."""
    name = name.lstrip("/") if name.startswith("/") else name
    for candidate in (paper.parent / name, Path(name)):
        for path in (candidate, candidate.with_name(candidate.name + ".tex")):
            if path.is_file():
                return path
    return None


def values_file(numbers_csv: str | Path) -> dict[str, str]:
    import csv

    with open(numbers_csv, encoding="utf-8", newline="") as handle:
        return {row["claim_id"]: f"{row['value']} ({row['status']})" for row in csv.DictReader(handle)}


def digest(used: Uses, values: dict[str, str], kind: str) -> str:
    """What the PDF depends on: the used files' bytes and the quoted values, nothing else."""
    h = hashlib.sha256(kind.encode())
    for name in sorted(used.files):
        h.update(name.encode() + b"\0" + Path(name).read_bytes() + b"\0")
    for claim in sorted(set(used.values)):
        h.update(f"{claim}={values.get(claim)}\n".encode())
    return h.hexdigest()


def build(paper: str, out: str, numbers_csv: str, outputs: dict[str, dict], cache: str = "data/interim/paper") -> str:
    """Typeset the paper into `out` (or keep its last PDF when nothing it uses changed); returns
    what was done, in one line."""
    kind = engine(paper)
    values = values_file(numbers_csv)
    used = uses(paper, outputs, set(values))
    if used.unknown:
        raise InputErrors(used.unknown) if len(used.unknown) > 1 else used.unknown[0]
    stamp = digest(used, values, kind)
    kept = Path(cache) / f"{Path(paper).stem}.pdf"
    stamp_file = kept.with_suffix(".sha256")
    if kept.is_file() and stamp_file.is_file() and stamp_file.read_text().strip() == stamp:
        atomic_write_bytes(out, kept.read_bytes())
        return f"{paper}: nothing it uses changed; its last PDF kept ({out})"
    pdf = latex(paper) if kind == "latex" else typst(paper)
    atomic_write_bytes(kept, pdf)
    atomic_write(stamp_file, stamp + "\n")
    atomic_write_bytes(out, pdf)
    return f"{paper}: typeset with {kind} into {out} ({len(used.files)} files and {len(set(used.values))} values used)"


def latex(paper: str) -> bytes:
    """pdflatex through latexmk (or pdflatex run twice), from the project folder, the package
    found in results/numbers/; no date in the PDF (SOURCE_DATE_EPOCH)."""
    if not shutil.which("pdflatex"):
        raise InputError(paper, f"pdflatex not found: {TEX_INSTALL}")
    source = Path(paper)
    env = {
        **os.environ,
        "TEXINPUTS": f"{Path('results/numbers').resolve()}//:{source.parent.resolve()}//:",
        "SOURCE_DATE_EPOCH": "0",
        "FORCE_SOURCE_DATE": "1",
    }
    with tempfile.TemporaryDirectory() as tmp:
        common = ["-interaction=nonstopmode", "-halt-on-error", f"-output-directory={tmp}"]
        if shutil.which("latexmk"):
            runs = [["latexmk", "-pdf", "-quiet", *common, str(source)]]
        else:
            runs = [["pdflatex", *common, str(source)]] * 2
        for command in runs:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise InputError(paper, f"LaTeX stopped: {first_error(Path(tmp) / (source.stem + '.log'), done)}")
        return (Path(tmp) / f"{source.stem}.pdf").read_bytes()


def first_error(log: Path, done: subprocess.CompletedProcess) -> str:
    text = log.read_text(encoding="latin-1") if log.is_file() else done.stdout + done.stderr
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("!"):
            where = next((m[0] for m in (re.match(r"l\.\d+", x) for x in lines[i : i + 8]) if m), "")
            return f"{line.lstrip('! ')} {('(' + where.replace('l.', 'line ') + ')') if where else ''}".strip()
    return (text.strip().splitlines() or ["no log"])[-1]


def typst(paper: str) -> bytes:
    import typst as typesetter

    from ctcstudy.report.replication import fonts

    try:
        return typesetter.compile(paper, root=str(Path(".").resolve()), font_paths=fonts(), ignore_system_fonts=True)
    except Exception as exc:  # noqa: BLE001  (the typst wheel raises its own error type, with file and line)
        raise InputError(paper, f"Typst stopped: {' '.join(str(exc).split())}") from exc
