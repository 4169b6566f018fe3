"""A LaTeX manuscript (.tex): paragraphs of text, tabular environments, `\\ctcnum{id}` values and
`\\input{...}` of the package's tables.

Text is read as UTF-8 (or UTF-16 with its byte-order mark); a file in a legacy encoding is read
in the one its `\\usepackage[...]{inputenc}` declares, and refused when it declares none.
Comments, labels, references and citations are blanked (a citation key or a label holds digits
that are no values); positions are kept, so every finding has its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ctcstudy.errors import InputError, undecodable
from ctcstudy.readers.manuscripts import Link, Manuscript, Passage, Table, joined, plain

LEGACY = {"latin1": "latin-1", "latin9": "iso8859-15", "ansinew": "cp1252", "cp1252": "cp1252", "utf8": "utf-8"}
CTCNUM = re.compile(r"\\ctcnum\{([^{}]*)\}")
INPUT = re.compile(r"\\(?:input|include)\{([^{}]*)\}")
CTCTABLE = re.compile(r"\\ctctable\{([^{}]*)\}")
TABULAR = re.compile(
    r"\\begin\{(tabular\*?|tabularx|longtable|tabulary)\}(?:\{[^{}]*\})?(?:\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})?(.*?)\\end\{\1\}",
    re.DOTALL,
)
CAPTION = re.compile(r"\\caption\{((?:[^{}]|\{[^{}]*\})*)\}")
BLANKED = re.compile(
    r"\\(?:label|ref|eqref|pageref|autoref|cref|Cref|cite[a-zA-Z]*|parencite|textcite|citep|citet|citeauthor|citeyear"
    r"|url|includegraphics|usepackage|documentclass|bibliography|bibliographystyle|begin|end|input|include"
    r"|ctcnum|ctctable|ctcfigure|newcommand|renewcommand|providecommand|setlength|vspace|hspace)\*?(?:\[[^\]]*\])*\{[^{}]*\}"
)
COMMAND = re.compile(r"\\[a-zA-Z@]+\*?")
ESCAPES = {r"\%": "%", r"\&": "&", r"\_": "_", r"\#": "#", r"\$": "$", "~": " ", "--": "-", r"\,": " ", r"\ ": " "}


def read(path: Path) -> Manuscript:
    source = decode(path, path.read_bytes())
    source = re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), source)  # comments, positions kept
    manuscript = Manuscript(path, "latex")
    for match in CTCNUM.finditer(source):
        manuscript.links.append(
            Link(f"line {line_of(source, match.start())}", match.group(), claim_id=match[1].strip())
        )
    for match in INPUT.finditer(source):
        target = Path(match[1].strip())
        if target.parent.name == "tables" and target.parent.parent.name == "results":
            output_id = target.name.removesuffix(".tex")
            manuscript.links.append(Link(f"line {line_of(source, match.start())}", match.group(), output_id=output_id))
    for match in CTCTABLE.finditer(source):  # the package's \ctctable{id} (ctcstudy.sty)
        output_id = match[1].strip()
        manuscript.links.append(Link(f"line {line_of(source, match.start())}", match.group(), output_id=output_id))
    for match in TABULAR.finditer(source):
        before = source[: match.start()]
        captions = CAPTION.findall(source[max(0, before.rfind(r"\begin{table")) : match.end() + 400])
        caption = text_of(captions[0]) if captions else ""
        location = f"table {len(manuscript.tables) + 1} (line {line_of(source, match.start())})"
        manuscript.tables.append(Table(location, tabular_rows(match[2]), caption))
    text = TABULAR.sub(lambda m: " " * len(m.group()), source)
    text = re.sub(r"\\caption\{", lambda m: " " * len(m.group()), text)  # a caption is text of its own
    for start, paragraph in paragraphs(text):
        if text_of(paragraph).strip():
            cleaned, starts = joined([text_of(line) for line in paragraph.split("\n")])
            manuscript.passages.append(Passage("line {line}", cleaned, starts, line_of(source, start)))
    return manuscript


def decode(path: Path, data: bytes) -> str:
    from ctcstudy.guards.restricted import decode as utf

    try:
        return utf(path, data)
    except InputError:
        declared = re.search(rb"\\usepackage\[([a-z0-9]+)\]\{inputenc\}", data)
        if declared and declared[1].decode() in LEGACY:
            encoding = LEGACY[declared[1].decode()]
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise undecodable(path, data, exc, f"not {encoding} text as its inputenc declares") from exc
        raise


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph: text between blank lines."""
    found, start = [], 0
    for blank in re.finditer(r"\n[ \t]*\n", text):
        found.append((start, text[start : blank.start()]))
        start = blank.end()
    found.append((start, text[start:]))
    return [(offset + len(chunk) - len(chunk.lstrip()), chunk) for offset, chunk in found]


def text_of(latex: str) -> str:
    """LaTeX as the reader sees it: blanked commands, escapes undone, braces and $ dropped."""
    latex = BLANKED.sub(" ", latex)
    for escape, char in ESCAPES.items():
        latex = latex.replace(escape, char)
    latex = re.sub(r"\\textsuperscript\{[^{}]*\}", " ", latex)
    latex = COMMAND.sub(" ", latex)
    latex = re.sub(r"[{}$]", "", latex)
    return plain(" ".join(latex.split()))


def tabular_rows(body: str) -> list[list[str]]:
    """Rows split at \\\\ and cells at unescaped &; rules (\\toprule, \\hline, \\cline) dropped,
    \\multicolumn{n}{..}{text} read as its text followed by n - 1 empty cells."""
    rows = []
    for line in re.split(r"\\\\(?:\[[^\]]*\])?", body):
        line = re.sub(
            r"\\(?:toprule|midrule|bottomrule|hline|cline\{[^{}]*\}|cmidrule(?:\([^)]*\))?\{[^{}]*\})", " ", line
        )
        if not line.strip():
            continue
        cells = []
        for cell in re.split(r"(?<!\\)&", line):
            multi = re.match(r"\s*\\multicolumn\{(\d+)\}\{[^{}]*\}\{((?:[^{}]|\{[^{}]*\})*)\}", cell)
            if multi:
                cells += [text_of(multi[2])] + [""] * (int(multi[1]) - 1)
            else:
                cells.append(text_of(cell))
        rows.append(cells)
    return rows


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
