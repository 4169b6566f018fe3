"""Every exception the package raises on purpose, in one tree.

    Refusal                 something the user must fix: one line per problem, exit status 1
    ├── InputError          an input file (record, field, line) cannot be accepted
    │   └── InputErrors     every problem found in one file, so one build names them all
    ├── ValidationFailed    a tidy table failed its expectation suite (one line per expectation)
    ├── LeakFound           an output holds a restricted name or a quote next to a case name
    ├── NotebookFailed      a notebook cell raised (notebook, cell and error, in one line)
    └── ManuscriptDiffers   check-manuscript --strict: a value of the manuscript differs from the build
    UnitRefused             positions in no unit the evidence allows (REFI-QDA reader; it becomes
                            an InputError naming the export)

Anything else that escapes a command is a bug: its traceback goes to the log, one line to the user.
"""


class Refusal(Exception):
    """Raised for what the user must fix; the command line prints each line of it and exits 1."""

    def lines(self) -> list[str]:
        return str(self).splitlines() or [type(self).__name__]


class InputError(Refusal):
    """Raised when an input file cannot be accepted.

    The message has the shape ``<file>[:<line>[:<column>]]: [record <record>, ][field <field>: ]<problem>``:
    record and field are left out where the problem concerns the whole file (``-``); line and
    column, 1-based, where the file is text and the place is known.
    """

    def __init__(self, path, problem, record="-", field="-", line=None, column=None):
        self.path, self.problem, self.record, self.field = str(path), problem, record, field
        self.line, self.column = line, column
        where = self.path + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        super().__init__(f"{where}: {place(record, field)}{problem}")


ERRORS_SHOWN = 20  # problems of one file listed before the rest are counted


class InputErrors(InputError):
    """Every problem found in one file, so one build names them all (an InputError for code that
    expects one: the first problem)."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.problem, first.record, first.field, first.line, first.column)

    def lines(self) -> list[str]:
        more = len(self.errors) - ERRORS_SHOWN
        return [str(e) for e in self.errors[:ERRORS_SHOWN]] + (
            [f"{self.path}: and {more} more problem(s) of the same file, not shown"] if more > 0 else []
        )


class ValidationFailed(Refusal):
    """Raised with one line per failed expectation: file, record, field, bad values."""


class LeakFound(Refusal):
    """An output holds a restricted name or an attributed quote."""


class NotebookFailed(Refusal):
    """A notebook cell raised: named by notebook, cell and error, in one line."""


class ManuscriptDiffers(Refusal):
    """check-manuscript --strict found values that differ from the build (one line each)."""


class UnitRefused(Exception):
    """The positions cannot be read in any unit the evidence allows (message: one line)."""


def raise_all(errors: list[InputError]) -> None:
    """Raise the problems found, if any: one as itself, several together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)


def place(record="-", field="-") -> str:
    """'record R, field F: ' with the parts that are known; nothing for a whole-file problem."""
    parts = [f"record {record}" if record != "-" else "", f"field {field}" if field != "-" else ""]
    shown = ", ".join(p for p in parts if p)
    return f"{shown}: " if shown else ""


LINE_LIMIT = 400  # characters of a refusal a user reads; the rest is counted, never printed


def bounded(line: str, limit: int = LINE_LIMIT) -> str:
    """A message as one line of at most about ``limit`` characters: an input that repeats itself
    (100,000 columns, an alias bomb) gives a short refusal, not megabytes."""
    line = " ".join(line.splitlines())
    return line if len(line) <= limit else f"{line[:limit]}… and {len(line) - limit} more characters"


def refuse_nul(path, data: bytes, record="-") -> None:
    """A NUL byte has no place in a text input: a binary file, or a damaged one."""
    at = data.find(b"\x00")
    if at != -1:
        line, column = text_position(data, at)
        raise InputError(
            path,
            f"holds a NUL byte at line {line}, column {column}: not a text file, or a damaged one",
            record=record,
            line=line,
            column=column,
        )


MAX_COLUMNS = 5_000  # wider than any survey export; a header past it is refused before it is parsed


def refuse_wide(path, data: bytes) -> None:
    """A table whose header has more columns than any input of this project: refused at once,
    before a parser (and a validator, column by column) spends minutes on it."""
    end = data.find(b"\n")
    header = data if end == -1 else data[:end]
    columns = max(header.count(b","), header.count(b";"), header.count(b"\t")) + 1
    if columns > MAX_COLUMNS:
        raise InputError(
            path,
            f"its header has {columns:,} columns, more than the {MAX_COLUMNS:,} any table here "
            "may have: a wrong file, or a wrong delimiter?",
            record="header",
            line=1,
        )


def text_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of a byte offset, e.g. of the first byte that is not UTF-8."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def undecodable(path, data: bytes, exc: UnicodeDecodeError, what: str = "not UTF-8 text", record="-") -> InputError:
    """The refusal of a file that is not UTF-8, naming the line and column of the first bad byte."""
    line, column = text_position(data, exc.start)
    return InputError(
        path,
        f"{what} (byte 0x{data[exc.start]:02x} at line {line}, column {column}: {exc.reason}); save it as UTF-8",
        record=record,
        line=line,
        column=column,
    )


def utf8_text(path) -> str:
    """A text file's content (a byte-order mark dropped), or the refusal naming its first bad byte."""
    from pathlib import Path

    data = Path(path).read_bytes()
    refuse_nul(path, data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise undecodable(path, data, exc) from exc


def csv_text(path) -> str:
    """A CSV file's text, refused when it is not UTF-8, holds a NUL byte or is absurdly wide."""
    from pathlib import Path

    text = utf8_text(path)
    refuse_wide(path, Path(path).read_bytes()[:10_000_000])
    return text
