"""Table writers: CSV for machines, Markdown and booktabs LaTeX for manuscripts."""

from __future__ import annotations

import os
import re
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


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: every member, every time


def zip_bytes(entries: list[tuple[str, bytes, int]]) -> bytes:
    """A zip whose bytes depend only on its entries (name, content, mode), in the order given:
    one fixed time, Unix permissions, the same compression on every machine."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content, mode in entries:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions are read as such
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


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


ACRONYMS = {"ngo": "NGO", "ngos": "NGOs", "qca": "QCA", "mou": "MOU", "id": "ID", "un": "UN", "ilo": "ILO"}


def header_label(column: str) -> str:
    """A column's name as a reader reads it: 'ngo_types' -> 'NGO types'; a name already written
    for people ('Covenant Alliance', 'Coder A: segments') is kept."""
    if " " in column or any(ch.isupper() for ch in column):
        return column
    words = [ACRONYMS.get(w, w) for w in column.split("_")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def caption_without_number(caption: str) -> str:
    """'Table 1: types of ...' -> 'Types of ...': LaTeX and Word number tables themselves."""
    rest = re.sub(r"^Table\s+\d+[a-z]?\s*:\s*", "", caption)
    return rest[:1].upper() + rest[1:]


TEXT_WIDTH_PT = 345.0  # a portrait text width (LaTeX's article class)
CHARACTER_PT = 4.6  # an average character of \small Latin Modern, about
WORD_PT = 5.6  # per character of a word that must fit on one line (capitals and m's are wider)
PADDING_PT = 12.0  # \tabcolsep on both sides of a cell
LONG_TABLE_LINES = 40  # a table taller than this (in printed lines) is a longtable, split across pages


def word_pt(word: str) -> float:
    """A word's width on one line, with room: capitals and m's are wider than the average."""
    return sum(7.6 if ch.isupper() or ch in "mwMW" else WORD_PT for ch in word)


def words_of(value: str) -> list[str]:
    return [w for w in re.split(r"[\s/_|,]+", value) if w]


def column_plan(cells: pd.DataFrame, headers: list[str]) -> list[list[tuple[int, float | None]]]:
    """Column groups (the first column leads each), each column with its share of the text width
    (None: an l column). One group of l columns when the table fits; otherwise every column wraps,
    each at least as wide as its longest word, and columns that cannot all fit are set in further
    groups, as booktabs authors split a wide table."""
    columns = [[h, *cells.iloc[:, j]] for j, h in enumerate(headers)]
    natural = [max(len(v) for v in column) * CHARACTER_PT + PADDING_PT for column in columns]
    natural[:] = [
        max(n, max(len(w) for w in h.split()) * CHARACTER_PT + PADDING_PT)
        for n, h in zip(natural, headers, strict=True)
    ]
    if sum(natural) <= TEXT_WIDTH_PT:
        return [[(j, None) for j in range(len(columns))]]
    least = [max((word_pt(w) for v in c for w in words_of(v)), default=WORD_PT) + PADDING_PT for c in columns]
    groups, current = [], [0]
    for j in range(1, len(columns)):
        if sum(least[k] for k in current) + least[j] > TEXT_WIDTH_PT and len(current) > 1:
            groups.append(current)
            current = [0]
        current.append(j)
    groups.append(current)
    return [shares(group, natural, least) for group in groups]


def shares(group: list[int], natural: list[float], least: list[float]) -> list[tuple[int, float]]:
    """Each column its least width, the rest of the text width shared by what each still wants."""
    spare = max(0.0, TEXT_WIDTH_PT - sum(least[j] for j in group))
    wants = sum(max(0.0, natural[j] - least[j]) for j in group) or 1.0
    widths = {j: least[j] + spare * max(0.0, natural[j] - least[j]) / wants for j in group}
    total = sum(widths.values())
    return [(j, int(widths[j] / total * 1000) / 1000) for j in group]  # rounded down: never past the width


def spec(share: float | None) -> str:
    if share is None:
        return "l"
    return rf">{{\raggedright\arraybackslash\hspace{{0pt}}}}p{{\dimexpr {share:.3f}\linewidth-2\tabcolsep\relax}}"


def printed_lines(cells: pd.DataFrame, group: list[tuple[int, float | None]]) -> int:
    """About how many lines the body takes: each row as tall as its most wrapped cell."""
    per_line = {j: max(1, int(share * TEXT_WIDTH_PT / CHARACTER_PT)) for j, share in group if share}
    rows = cells.values.tolist()
    return sum(max([1, *(-(-len(row[j]) // n) for j, n in per_line.items())]) for row in rows)


def to_latex(table: pd.DataFrame, caption: str, label: str) -> str:
    r"""A booktabs table for a portrait page: one caption (LaTeX numbers it), headers for people,
    long text wrapped, a table too wide split into column groups and one too tall set as a
    longtable. \ctcfit (ctcstudy.sty) is a safety net: it shrinks a table that is still too wide,
    and is a no-op in a document without it. Needs booktabs, array and longtable (ctcstudy.sty
    loads them)."""
    cells = as_text(table)
    headers = [header_label(c) for c in cells.columns]
    title = latex_escape(caption_without_number(caption))
    plan = column_plan(cells, headers)
    parts = []
    for number, group in enumerate(plan):
        wrapped = {j for j, share in group if share is not None}

        def cell(value: str, j: int, wrapped=wrapped) -> str:
            text = latex_escape(value)
            if j not in wrapped:
                return text
            for mark in ("/", r"\_", "|", ","):  # identifiers and lists may break after these
                text = text.replace(mark, mark + r"\allowbreak{}")
            return text

        columns = [j for j, _ in group]
        specs = "".join(spec(share) for _, share in group)
        head = [r"\toprule", " & ".join(cell(headers[j], j) for j in columns) + r" \\", r"\midrule"]
        body = [" & ".join(cell(row[j], j) for j in columns) + r" \\" for row in cells.values.tolist()]
        named = rf"\caption{{{title}}}\label{{{label}}}" if number == 0 else rf"\caption*{{{title} (continued)}}"
        if len(plan) > 1 or printed_lines(cells, group) > LONG_TABLE_LINES:
            parts += [
                r"\begingroup\small",
                rf"\begin{{longtable}}{{{specs}}}",
                named + r"\\",
                *head,
                r"\endfirsthead",
                *head,
                r"\endhead",
                r"\bottomrule",
                r"\endlastfoot",
                *body,
                r"\end{longtable}",
                r"\endgroup",
            ]
        else:
            parts += [
                r"\providecommand{\ctcfit}[1]{#1}",
                r"\begin{table}[htbp]",
                r"\centering\small",
                rf"\caption{{{title}}}",
                rf"\label{{{label}}}",
                rf"\ctcfit{{\begin{{tabular}}{{{specs}}}",
                *head,
                *body,
                r"\bottomrule",
                r"\end{tabular}}",
                r"\end{table}",
            ]
    return "\n".join([*parts, ""])


def write_table(table: pd.DataFrame, csv_path: str | Path, caption: str) -> list[Path]:
    """Write one table as .csv, .md, .tex and .docx side by side; return the paths."""
    from ctcstudy.report.word import write_docx

    csv_path = Path(csv_path)
    stem = csv_path.with_suffix("")
    paths = [csv_path, stem.with_suffix(".md"), stem.with_suffix(".tex"), stem.with_suffix(".docx")]
    atomic_write(paths[0], table.to_csv(index=False, lineterminator="\n"))
    atomic_write(paths[1], f"{caption}\n\n{to_markdown(table)}")
    atomic_write(paths[2], to_latex(table, caption, f"tab:{stem.name}"))
    write_docx(as_text(table), caption, paths[3])
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
