"""Table writers: CSV for machines, Markdown and booktabs LaTeX for manuscripts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only for annotations: the CLI's light commands must not import it
    import pandas as pd

# Every character LaTeX treats specially, and the symbols pdflatex's default fonts lack (< and >
# print as other glyphs in OT1; the Unicode ones stop pdflatex without extra packages).
LATEX_SPECIALS = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\dots{}",
    "×": r"\texttimes{}",
    "·": r"\textperiodcentered{}",
    "→": r"\ensuremath{\rightarrow}",
    "\u00a0": "~",
}


def atomic_write(path: str | Path, text: str) -> None:
    """Write through a temporary file so no half-written output is ever left behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


LARGE = 200_000  # rows from which a tidy CSV is written by two processes, half each


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """A tidy table as CSV (LF line ends, no index), atomically. A large one is written in two
    halves at once (the second by a forked child, which shares the frame's memory) and joined:
    each row's text depends on that row alone, so the bytes are those of one writer."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if len(frame) < LARGE:
        frame.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, path)
        return
    half = len(frame) // 2
    second = path.with_name(f".{path.name}.second")
    child = os.fork()
    if child == 0:  # the child writes the second half, then leaves without any clean-up of the parent's
        status = 1
        try:
            frame.iloc[half:].to_csv(second, index=False, header=False, lineterminator="\n")
            status = 0
        finally:
            os._exit(status)
    frame.iloc[:half].to_csv(tmp, index=False, lineterminator="\n")
    _, status = os.waitpid(child, 0)
    if status != 0:
        raise OSError(f"{path}: writing its second half failed")
    with open(tmp, "ab") as joined, open(second, "rb") as rest:
        shutil.copyfileobj(rest, joined, 16 * 2**20)
    second.unlink()
    os.replace(tmp, path)


def replace_pages(folder: str | Path, pages: dict[str, str], suffix: str = ".md") -> list[str]:
    """Write one page per name and remove every other page of the folder: a case removed from or
    renamed in the case list leaves no page behind. Returns the names removed."""
    folder = Path(folder)
    for name, text in pages.items():
        atomic_write(folder / f"{name}{suffix}", text)
    stale = sorted(p for p in folder.glob(f"*{suffix}") if p.stem not in pages)
    for page in stale:
        page.unlink()
    return [p.name for p in stale]


def as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Cells as strings, missing values as empty cells (pandas 3 keeps NaN through astype(str))."""
    return table.astype(object).where(table.notna(), "").map(str)


def to_markdown(table: pd.DataFrame) -> str:
    cells = as_text(table)
    lines = ["| " + " | ".join(cells.columns) + " |", "|" + "---|" * len(cells.columns)]
    lines += ["| " + " | ".join(v.replace("|", r"\|") for v in row) + " |" for row in cells.values.tolist()]
    return "\n".join(lines) + "\n"


def latex_escape(text: str, specials: dict[str, str] = LATEX_SPECIALS) -> str:
    return "".join(specials.get(ch, ch) for ch in text)


def to_latex(table: pd.DataFrame, caption: str, label: str) -> str:
    cells = as_text(table)
    spec = "l" * len(cells.columns)
    body = [" & ".join(latex_escape(v) for v in row) + r" \\" for row in cells.values.tolist()]
    return "\n".join(
        [
            r"\begin{table}[htbp]",
            r"\centering",
            rf"\caption{{{latex_escape(caption)}}}",
            rf"\label{{{label}}}",
            rf"\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            " & ".join(latex_escape(c) for c in cells.columns) + r" \\",
            r"\midrule",
            *body,
            r"\bottomrule",
            r"\end{tabular}",
            r"\end{table}",
            "",
        ]
    )


def write_table(table: pd.DataFrame, csv_path: str | Path, caption: str) -> list[Path]:
    """Write one table as .csv, .md and .tex side by side; return the paths."""
    csv_path = Path(csv_path)
    stem = csv_path.with_suffix("")
    paths = [csv_path, stem.with_suffix(".md"), stem.with_suffix(".tex")]
    atomic_write(paths[0], table.to_csv(index=False, lineterminator="\n"))
    atomic_write(paths[1], f"{caption}\n\n{to_markdown(table)}")
    atomic_write(paths[2], to_latex(table, caption, f"tab:{stem.name}"))
    return paths


def write_folder(folder: Path, files: dict[str, str]) -> None:
    """Replace a folder's content as a whole: written beside it, then swapped in."""
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, text in files.items():
        (staging / name).write_text(text, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
