"""One error type for bad input, so every refusal names file, record and field."""


class InputError(Exception):
    """Raised when an input file cannot be accepted.

    The message always has the shape ``<file>[:<line>[:<column>]]: record <record>, field <field>: <problem>``
    (record or field may be ``-`` when the problem concerns the whole file; line and column,
    1-based, where the file is text and the place is known).
    """

    def __init__(self, path, problem, record="-", field="-", line=None, column=None):
        self.path, self.problem, self.record, self.field = str(path), problem, record, field
        self.line, self.column = line, column
        where = self.path + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        super().__init__(f"{where}: record {record}, field {field}: {problem}")


def text_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of a byte offset, e.g. of the first byte that is not UTF-8."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def undecodable(path, data: bytes, exc: UnicodeDecodeError, what: str = "not UTF-8 text", record="-") -> InputError:
    """The refusal of a file that is not UTF-8, naming the line and column of the first bad byte."""
    line, column = text_position(data, exc.start)
    return InputError(path, f"{what} (byte 0x{data[exc.start]:02x} at line {line}, column {column}: {exc.reason}); "
                      "save it as UTF-8", record=record, line=line, column=column)


def utf8_text(path) -> str:
    """A text file's content (a byte-order mark dropped), or the refusal naming its first bad byte."""
    from pathlib import Path

    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise undecodable(path, data, exc) from exc
